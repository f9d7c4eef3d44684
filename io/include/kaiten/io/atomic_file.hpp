#pragma once
// Output files appear whole or not at all: data goes to a temporary file beside the target, is
// flushed to disk, then renamed over the target. A crash leaves at most a "*.tmp" file behind.
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kaiten {

/// An I/O failure, naming the file.
struct IoError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Streams bytes into `path` + ".tmp"; commit() renames it to `path`. Destroying an uncommitted
/// writer removes the temporary file (an orderly failure leaves nothing behind).
class AtomicWriter {
 public:
  explicit AtomicWriter(std::filesystem::path path);
  ~AtomicWriter();
  AtomicWriter(const AtomicWriter&) = delete;
  AtomicWriter& operator=(const AtomicWriter&) = delete;

  void write(std::string_view bytes);
  /// Flushes to disk and renames into place. Throws IoError.
  void commit();
  const std::filesystem::path& temp_path() const { return temp_; }

 private:
  std::filesystem::path path_;
  std::filesystem::path temp_;
  int fd_ = -1;
};

/// Writes `contents` to `path` atomically. Throws IoError.
void write_file_atomically(const std::filesystem::path& path, std::string_view contents);

}  // namespace kaiten
