#include "kaiten/io/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace kaiten {
namespace {

std::string system_problem(const char* what, int error) {
  return std::string(what) + ": " + std::generic_category().message(error);
}

/// An open file descriptor, closed with the object.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

/// Opens `path` for reading (`flags` added). Sets `problem` when it is not a readable file.
int open_input(const std::filesystem::path& path, int flags, std::string& problem) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | flags);
  if (fd < 0) {
    problem = system_problem("cannot open file", errno);
    return fd;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    problem = system_problem("cannot read file", errno);
  } else if (S_ISDIR(st.st_mode)) {
    problem = "cannot read: is a directory";
  }
  return fd;
}

}  // namespace

std::optional<std::string> input_file_problem(const std::filesystem::path& path) {
  std::string problem;
  // Non-blocking, so that checking a named pipe does not wait for its writer.
  const Descriptor fd(open_input(path, O_NONBLOCK, problem));
  if (problem.empty()) return std::nullopt;
  return problem;
}

std::string read_input_file(const std::filesystem::path& path) {
  std::string problem;
  const Descriptor fd(open_input(path, 0, problem));
  if (!problem.empty()) throw InputFileError(path.string(), problem);
  std::string data;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      throw InputFileError(path.string(), system_problem("cannot read file", errno));
    }
    data.append(buffer, static_cast<std::size_t>(n));
  }
  return data;
}

}  // namespace kaiten
