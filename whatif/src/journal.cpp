#include "kaiten/whatif/journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "kaiten/io/atomic_file.hpp"

namespace kaiten::whatif {
namespace {

using Json = nlohmann::json;

constexpr int kJournalVersion = 1;

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path) {
  throw IoError(what + " " + path.string() + ": " + std::strerror(errno));
}

/// Values as text that reads back to the same bits ("nan" and "inf" included).
std::string values_text(const RunValues& values) {
  std::string out;
  for (double v : values) {
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    if (!out.empty()) out += ' ';
    out.append(buffer, end);
  }
  return out;
}

std::optional<RunValues> parse_values(std::string_view text) {
  RunValues out;
  while (!text.empty()) {
    const auto space = text.find(' ');
    const std::string_view token = text.substr(0, space);
    double v = 0;
    const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), v);
    if (ec != std::errc() || end != token.data() + token.size()) return std::nullopt;
    out.push_back(v);
    text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
  }
  return out;
}

std::string header_line(const std::string& key) {
  return Json{{"kaiten_sweep_journal", kJournalVersion}, {"key", key}}.dump(
             -1, ' ', false, Json::error_handler_t::replace) +
         "\n";
}

void write_all(int fd, const std::string& bytes, const std::filesystem::path& path) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write", path);
    }
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

std::filesystem::path journal_path(const std::filesystem::path& out_dir) {
  std::filesystem::path dir = std::filesystem::absolute(out_dir).lexically_normal();
  if (dir.filename().empty()) dir = dir.parent_path();
  return dir.parent_path() / (dir.filename().string() + ".kaiten-sweep-journal");
}

SweepJournal::SweepJournal(std::filesystem::path path, const std::string& key)
    : path_(std::move(path)) {
  bool ours = false;
  {
    std::ifstream in(path_, std::ios::binary);
    std::string line;
    if (in && std::getline(in, line)) {
      try {
        const Json header = Json::parse(line);
        ours = header.at("kaiten_sweep_journal") == kJournalVersion && header.at("key") == key;
      } catch (const Json::exception&) {
        ours = false;
      }
      replaced_ = !ours;
      while (ours && std::getline(in, line)) {
        if (in.eof()) break;  // no line break: the line being written when the process stopped
        try {
          const Json run = Json::parse(line);
          const auto values = parse_values(run.at("values").get<std::string>());
          if (values)
            finished_[{run.at("point").get<std::string>(), run.at("seed").get<std::uint64_t>()}] =
                *values;
        } catch (const Json::exception&) {
        }
      }
    }
  }
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | (ours ? O_APPEND : O_TRUNC), 0644);
  if (fd_ < 0) fail("cannot open", path_);
  if (!ours) {
    write_all(fd_, header_line(key), path_);
  } else if (::lseek(fd_, 0, SEEK_END) > 0) {
    // A torn last line gets its line break, so the next record starts on a line of its own.
    std::ifstream in(path_, std::ios::binary | std::ios::ate);
    in.seekg(-1, std::ios::end);
    char last = '\n';
    in.get(last);
    if (last != '\n') write_all(fd_, "\n", path_);
  }
}

SweepJournal::~SweepJournal() {
  if (fd_ >= 0) ::close(fd_);
}

void SweepJournal::record(const std::string& point, std::uint64_t seed, const RunValues& values) {
  const std::string line =
      Json{{"point", point}, {"seed", seed}, {"values", values_text(values)}}.dump(
          -1, ' ', false, Json::error_handler_t::replace) +
      "\n";
  write_all(fd_, line, path_);
}

void SweepJournal::remove() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  std::error_code ec;
  std::filesystem::remove(path_, ec);
  if (ec) throw IoError("cannot remove " + path_.string() + ": " + ec.message());
}

}  // namespace kaiten::whatif
