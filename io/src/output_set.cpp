#include "kaiten/io/output_set.hpp"

#include <fcntl.h>
#include <libdeflate.h>
#include <signal.h>
#include <stdio.h>  // renameat2, RENAME_EXCHANGE (glibc 2.28)
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>

#include "kaiten/io/atomic_file.hpp"

namespace kaiten {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kStagingMark = ".kaiten-staging.";
constexpr std::string_view kPreviousSuffix = ".old";

[[noreturn]] void fail(const std::string& what, const fs::path& path) {
  throw IoError(what + " " + path.string() + ": " + std::strerror(errno));
}

// Closes a descriptor on every path out of a function.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

void write_all(int fd, std::string_view bytes, const fs::path& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write", path);
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

// A rename inside a folder is durable only once the folder itself is flushed.
void sync_folder(const fs::path& dir) {
  Fd d{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (d.fd < 0 || ::fsync(d.fd) != 0) fail("cannot flush folder", dir);
}

OutputManifest::File describe_file(const fs::path& path) {
  Fd in{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (in.fd < 0) fail("cannot read", path);
  OutputManifest::File file{path.filename().string(), 0, 0};
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(in.fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot read", path);
    }
    if (n == 0) break;
    file.crc32 = libdeflate_crc32(file.crc32, buffer, static_cast<std::size_t>(n));
    file.bytes += static_cast<std::uint64_t>(n);
  }
  return file;
}

std::string manifest_json(const OutputManifest& manifest) {
  // Keys in the order written, so the file reads top-down: what it is, then the files.
  nlohmann::ordered_json files = nlohmann::ordered_json::array();
  for (const auto& f : manifest.files) {
    char crc[9];
    std::snprintf(crc, sizeof crc, "%08x", static_cast<unsigned>(f.crc32));
    files.push_back({{"name", f.name}, {"bytes", f.bytes}, {"crc32", crc}});
  }
  const nlohmann::ordered_json doc = {
      {"kaiten_output_set", 1}, {"command", manifest.command}, {"files", files}};
  return doc.dump(2) + "\n";
}

// The process id in a staging folder's name "DIR.kaiten-staging.PID" (or "....PID.old", a previous
// set moved aside), if `entry` is one of DIR's.
std::optional<pid_t> staging_pid(const std::string& entry, const std::string& dir_name) {
  const std::string prefix = dir_name + std::string(kStagingMark);
  if (entry.size() <= prefix.size() || entry.compare(0, prefix.size(), prefix) != 0)
    return std::nullopt;
  const char* first = entry.data() + prefix.size();
  const char* last = entry.data() + entry.size();
  long pid = 0;
  const auto [end, ec] = std::from_chars(first, last, pid);
  if (ec != std::errc() || pid <= 0 ||
      (end != last && std::string_view(end, last) != kPreviousSuffix))
    return std::nullopt;
  return static_cast<pid_t>(pid);
}

bool process_alive(pid_t pid) {
  return ::kill(pid, 0) == 0 || errno == EPERM;
}

// Staging folders of runs that were killed (their process is gone) hold nothing anyone needs:
// a new set never finished, or a previous set already swapped out.
void remove_abandoned_staging(const fs::path& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir.parent_path(), ec)) {
    const auto pid = staging_pid(entry.path().filename().string(), dir.filename().string());
    if (!pid || (*pid != ::getpid() && process_alive(*pid))) continue;
    std::error_code removed;
    fs::remove_all(entry.path(), removed);
    if (removed) throw IoError("cannot remove " + entry.path().string() + ": " + removed.message());
  }
}

fs::path resolve_folder(const fs::path& given) {
  fs::path dir = fs::absolute(given).lexically_normal();
  if (dir.filename().empty()) dir = dir.parent_path();
  dir = fs::weakly_canonical(dir);  // a symbolic link: replace the folder it points to
  if (dir.filename().empty() || dir == dir.root_path())
    throw OutputFolderRefused(given.string() + ": cannot be used as an output folder");
  return dir;
}

// Throws OutputFolderRefused unless every entry of `dir` is one kaiten wrote for `command`.
void check_replaceable(const fs::path& dir, const std::string& command,
                       const std::vector<std::string>& names) {
  std::error_code ec;
  const auto status = fs::symlink_status(dir, ec);
  if (!fs::exists(status)) return;
  if (!fs::is_directory(status))
    throw OutputFolderRefused(dir.string() + ": exists and is not a folder");
  std::set<std::string> ours;
  for (const auto& n : names) {
    ours.insert(n);
    ours.insert(n + ".tmp");  // left by a kaiten that renamed files one at a time
  }
  std::optional<OutputManifest> manifest;
  try {
    manifest = read_output_manifest(dir);
  } catch (const IoError& e) {
    throw OutputFolderRefused(std::string(e.what()) + ": not replacing the folder");
  }
  if (manifest) {
    if (manifest->command != command)
      throw OutputFolderRefused(dir.string() + " holds the outputs of `kaiten " +
                                manifest->command + "`; `kaiten " + command +
                                "` replaces a folder as a whole and will not delete them: "
                                "choose another folder");
    ours.insert(std::string(kManifestName));
    for (const auto& f : manifest->files) ours.insert(f.name);
  }
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (ours.count(name) == 0 || !entry.is_regular_file())
      throw OutputFolderRefused(dir.string() + " holds " + name +
                                ", which kaiten did not write: an output folder is replaced as a "
                                "whole, so kaiten writes only into a new or empty folder or one "
                                "it wrote before");
  }
}

}  // namespace

std::optional<OutputManifest> read_output_manifest(const fs::path& dir) {
  const fs::path path = dir / kManifestName;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  try {
    const nlohmann::json doc = nlohmann::json::parse(text);
    OutputManifest manifest;
    if (doc.at("kaiten_output_set").get<int>() != 1) throw IoError("unknown version");
    manifest.command = doc.at("command").get<std::string>();
    for (const auto& f : doc.at("files")) {
      OutputManifest::File file;
      file.name = f.at("name").get<std::string>();
      file.bytes = f.at("bytes").get<std::uint64_t>();
      const std::string crc = f.at("crc32").get<std::string>();
      const auto [end, ec] = std::from_chars(crc.data(), crc.data() + crc.size(), file.crc32, 16);
      if (ec != std::errc() || end != crc.data() + crc.size()) throw IoError("bad crc32");
      manifest.files.push_back(file);
    }
    return manifest;
  } catch (const std::exception& e) {
    throw IoError(path.string() + ": not a kaiten manifest (" + e.what() + ")");
  }
}

OutputSet::OutputSet(const fs::path& dir, std::string command, std::vector<std::string> names)
    : dir_(resolve_folder(dir)), command_(std::move(command)), names_(std::move(names)) {
  if (const char* crash = std::getenv("KAITEN_TEST_CRASH_AFTER")) crash_after_ = std::atol(crash);
  check_replaceable(dir_, command_, names_);
  std::error_code ec;
  fs::create_directories(dir_.parent_path(), ec);
  if (ec) throw IoError("cannot create " + dir_.parent_path().string() + ": " + ec.message());
  remove_abandoned_staging(dir_);
  staging_ = dir_.parent_path() /
             (dir_.filename().string() + std::string(kStagingMark) + std::to_string(::getpid()));
  if (::mkdir(staging_.c_str(), 0755) != 0) fail("cannot create", staging_);
  crash_point();
}

OutputSet::~OutputSet() {
  if (committed_) return;
  std::error_code ignored;
  fs::remove_all(staging_, ignored);
}

fs::path OutputSet::staged_path(std::string_view name) const {
  if (std::find(names_.begin(), names_.end(), name) == names_.end())
    throw std::logic_error("output set: " + std::string(name) + " was not declared");
  return staging_ / name;
}

void OutputSet::write(std::string_view name, std::string_view contents) {
  const fs::path path = name == kManifestName ? staging_ / name : staged_path(name);
  Fd out{::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)};
  if (out.fd < 0) fail("cannot create", path);
  // Two steps per file, so a crash can also be injected with a file half written.
  const std::size_t half = contents.size() / 2;
  write_all(out.fd, contents.substr(0, half), path);
  crash_point();
  write_all(out.fd, contents.substr(half), path);
  if (::fsync(out.fd) != 0) fail("cannot flush", path);
  // Described now, from the bytes at hand, rather than read back for the manifest.
  if (name != kManifestName)
    written_.push_back({std::string(name), contents.size(),
                        libdeflate_crc32(0, contents.data(), contents.size())});
  crash_point();
}

void OutputSet::commit() {
  OutputManifest manifest{command_, {}};
  for (const auto& entry : fs::directory_iterator(staging_)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".tmp") == 0)
      throw IoError(entry.path().string() + ": a staged file was not finished");
    const auto written = std::find_if(written_.begin(), written_.end(),
                                      [&](const auto& f) { return f.name == name; });
    manifest.files.push_back(written != written_.end() ? *written : describe_file(entry.path()));
  }
  std::sort(manifest.files.begin(), manifest.files.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  write(kManifestName, manifest_json(manifest));
  sync_folder(staging_);
  crash_point();
  // Files the user may have put into DIR while the command ran are not deleted either.
  check_replaceable(dir_, command_, names_);
  // A missing or empty DIR is replaced by a plain rename; otherwise the two folders swap names in
  // one step, and the previous set, now under the staging name, is removed.
  fs::path previous = staging_;
  if (::rename(staging_.c_str(), dir_.c_str()) != 0) {
    if (errno != ENOTEMPTY && errno != EEXIST) fail("cannot rename into", dir_);
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, dir_.c_str(), RENAME_EXCHANGE) != 0) {
      if (errno != EINVAL && errno != ENOSYS) fail("cannot swap the new outputs into", dir_);
      // A file system without exchange (NFS): move the previous set aside, then rename. A crash
      // between the two leaves DIR missing (docs/outputs.md).
      previous = staging_.string() + std::string(kPreviousSuffix);
      if (::rename(dir_.c_str(), previous.c_str()) != 0) fail("cannot move aside", dir_);
      if (::rename(staging_.c_str(), dir_.c_str()) != 0) {
        const int error = errno;
        ::rename(previous.c_str(), dir_.c_str());  // put the previous set back
        errno = error;
        fail("cannot rename into", dir_);
      }
    }
  }
  committed_ = true;
  sync_folder(dir_.parent_path());
  crash_point();
  // The previous set is no longer visible; a failure to remove it is left to the next run's
  // clean-up rather than reported as a failed run.
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(previous, ec)) files.push_back(entry.path());
  for (const auto& path : files) {
    fs::remove_all(path, ec);
    crash_point();
  }
  fs::remove_all(previous, ec);
}

// KAITEN_TEST_CRASH_AFTER=N kills the process (SIGKILL, no clean-up) at the N-th step of writing
// an output set, so tests can check what a crash at that moment leaves behind. Every step goes
// through here; unset or 0, it does nothing.
void OutputSet::crash_point() {
  if (crash_after_ > 0 && ++steps_ == crash_after_) ::raise(SIGKILL);
}

}  // namespace kaiten
