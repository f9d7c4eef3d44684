#pragma once
// An output folder (`--out DIR`) replaced as a whole: every file is written into a fresh staging
// folder beside DIR, flushed to disk, and the staging folder is then swapped with DIR in one
// rename, so DIR always holds one complete set of outputs, the previous or the new one
// (docs/outputs.md, "Output folders").
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kaiten {

/// `--out DIR` names a folder kaiten may not replace (it holds files kaiten did not write, or the
/// outputs of another command). Nothing has been written when this is thrown.
struct OutputFolderRefused : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The file in every output folder that lists the set: which command wrote it and each file's
/// size and CRC-32. It marks the folder as kaiten's to replace.
inline constexpr std::string_view kManifestName = "kaiten-manifest.json";

/// A manifest's contents.
struct OutputManifest {
  struct File {
    std::string name;
    std::uint64_t bytes = 0;
    std::uint32_t crc32 = 0;
    friend bool operator==(const File&, const File&) = default;
  };
  std::string command;      ///< e.g. "run", "control", "forecast", "backtest"
  std::vector<File> files;  ///< sorted by name; the manifest itself is not listed
};

/// Reads DIR's manifest; nullopt when there is none. Throws IoError if it exists but is malformed.
std::optional<OutputManifest> read_output_manifest(const std::filesystem::path& dir);

/// One command's output folder, staged and then swapped into place by commit(). Destroying an
/// uncommitted set removes its staging folder and leaves DIR as it was.
class OutputSet {
 public:
  /// Checks that `dir` may be replaced by `command`'s outputs, whose file names are `names`: DIR
  /// is missing, empty, holds a manifest of the same command and only the files it lists, or (from
  /// a kaiten before manifests) holds only files named in `names` or their ".tmp" leftovers.
  /// Removes staging folders left beside DIR by runs that were killed, then makes a fresh one
  /// (creating DIR's parent folders if missing). Throws OutputFolderRefused or IoError.
  OutputSet(const std::filesystem::path& dir, std::string command, std::vector<std::string> names);
  ~OutputSet();
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;

  /// `name` must be one of the names given to the constructor (a bug otherwise: std::logic_error).
  /// Where file `name` is staged, for writers that stream (the run log, the sensor feed). The
  /// writer must have finished it (renamed it to this path) before commit().
  std::filesystem::path staged_path(std::string_view name) const;
  /// Writes file `name` of the set with `contents`, flushed to disk. Throws IoError.
  void write(std::string_view name, std::string_view contents);
  /// Writes the manifest, flushes the staging folder, swaps it with DIR and removes the previous
  /// set. Throws IoError, or OutputFolderRefused if files not kaiten's appeared in DIR meanwhile;
  /// DIR is then as it was.
  void commit();

  /// The folder the outputs end up in (absolute, symbolic links resolved).
  const std::filesystem::path& dir() const { return dir_; }
  const std::filesystem::path& staging_dir() const { return staging_; }

 private:
  void crash_point();

  std::filesystem::path dir_;
  std::filesystem::path staging_;
  std::string command_;
  std::vector<std::string> names_;             ///< the files this set may hold
  std::vector<OutputManifest::File> written_;  ///< files write() made; streamed ones are read back
  bool committed_ = false;
  long crash_after_ = 0;  ///< KAITEN_TEST_CRASH_AFTER (0: never); see crash_point()
  long steps_ = 0;
};

}  // namespace kaiten
