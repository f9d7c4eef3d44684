#pragma once
// Input files read whole (scenarios, run logs, point-of-sale CSV). One place turns a directory, a
// missing file or a read error into a message naming the file: a stream reading a directory
// throws from deep inside the standard library instead.
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace kaiten {

/// An input file that cannot be read. what() is "PATH: PROBLEM".
struct InputFileError : std::runtime_error {
  InputFileError(const std::string& path, const std::string& what_is_wrong)
      : std::runtime_error(path + ": " + what_is_wrong), problem(what_is_wrong) {}
  std::string problem;  ///< e.g. "cannot read: is a directory"
};

/// Why `path` cannot be read as an input file ("cannot read: is a directory", "cannot open file:
/// No such file or directory", ...), or nullopt when it opens for reading.
std::optional<std::string> input_file_problem(const std::filesystem::path& path);

/// The bytes of the file at `path`. Throws InputFileError.
std::string read_input_file(const std::filesystem::path& path);

}  // namespace kaiten
