// --png: each chart as a PNG, drawn by headless Chromium from the report page itself.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <vector>

#include "kaiten/io/atomic_file.hpp"
#include "kaiten/report/report.hpp"

namespace kaiten::report {
namespace {

/// Runs `argv` with stdout into `out` and stderr discarded; returns the exit status (-1 if it
/// could not start or was killed).
int run_capture(const std::vector<std::string>& argv, std::string& out) {
  int pipefd[2];
  if (pipe(pipefd) != 0) return -1;
  const pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    dup2(pipefd[1], STDOUT_FILENO);
    const int null = open("/dev/null", O_WRONLY);
    if (null >= 0) dup2(null, STDERR_FILENO);
    close(pipefd[0]);
    close(pipefd[1]);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(pipefd[1]);
  char buffer[65536];
  for (;;) {
    const ssize_t n = read(pipefd[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
  }
  close(pipefd[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

std::filesystem::path find_chromium() {
  if (const char* env = std::getenv("KAITEN_CHROMIUM"); env && *env) {
    std::error_code ec;
    return std::filesystem::exists(env, ec) ? std::filesystem::path(env) : std::filesystem::path();
  }
  const char* path = std::getenv("PATH");
  const std::string dirs = path ? path : "/usr/bin:/bin";
  for (const char* name : {"chromium", "chromium-browser"}) {
    std::size_t start = 0;
    while (start <= dirs.size()) {
      const std::size_t end = std::min(dirs.find(':', start), dirs.size());
      const std::filesystem::path candidate =
          std::filesystem::path(dirs.substr(start, end - start)) / name;
      if (access(candidate.c_str(), X_OK) == 0) return candidate;
      start = end + 1;
    }
  }
  return {};
}

std::vector<std::filesystem::path> write_pngs(const std::filesystem::path& chromium,
                                              const std::filesystem::path& html,
                                              const Report& report,
                                              const std::filesystem::path& dir) {
  const std::filesystem::path page = std::filesystem::absolute(html);
  // A profile of its own, so that reports made at the same time (or a browser the user has open)
  // do not share one; removed afterwards.
  const std::filesystem::path profile =
      std::filesystem::temp_directory_path() / fmt::format("kaiten-chromium.{}", getpid());
  std::string dom;
  const int status = run_capture(
      {chromium.string(), "--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars",
       "--window-size=1100,900", "--user-data-dir=" + profile.string(),
       "--virtual-time-budget=10000", "--dump-dom", "file://" + page.string() + "#png"},
      dom);
  std::error_code ignored;
  std::filesystem::remove_all(profile, ignored);
  if (status != 0)
    throw ReportError(fmt::format("{}: exited with status {} while drawing {}", chromium.string(),
                                  status, page.string()));
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw IoError(fmt::format("{}: cannot create folder: {}", dir.string(), ec.message()));
  std::vector<std::filesystem::path> written;
  for (const Chart& c : report.charts) {
    const std::string open = fmt::format("<pre id=\"png-{}\" class=\"png\">", c.id);
    const std::size_t at = dom.find(open);
    const std::string_view prefix = "data:image/png;base64,";
    if (at == std::string::npos || dom.compare(at + open.size(), prefix.size(), prefix) != 0)
      throw ReportError(fmt::format("{}: chart {} was not drawn as a PNG by {}", page.string(),
                                    c.id, chromium.string()));
    const std::size_t begin = at + open.size() + prefix.size();
    const std::size_t end = dom.find('<', begin);
    const std::string bytes = decode_base64(std::string_view(dom).substr(
        begin, end == std::string::npos ? std::string::npos : end - begin));
    const std::filesystem::path file = dir / (c.id + ".png");
    write_file_atomically(file, bytes);
    written.push_back(file);
  }
  return written;
}

}  // namespace kaiten::report
