#include "kaiten/io/output_set.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/crc.hpp>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>

namespace kaiten {
namespace {

namespace fs = std::filesystem;
using Files = std::map<std::string, std::string>;  // name -> contents

/// A fresh folder under the system's temporary one, unique to this process, removed with the
/// object.
class TempDir {
 public:
  explicit TempDir(const std::string& name)
      : path_(fs::temp_directory_path() /
              ("kaiten_test_" + name + "_" + std::to_string(::getpid()))) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void spit(const fs::path& p, const std::string& s) {
  std::ofstream(p, std::ios::binary) << s;
}

/// Everything in `dir` (the manifest left out), or nothing if `dir` does not exist.
Files contents_of(const fs::path& dir) {
  Files files;
  if (!fs::exists(dir)) return files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename() != kManifestName) files[e.path().filename().string()] = slurp(e.path());
  return files;
}

/// Names of entries of `parent` other than `keep`: what a finished write must not leave behind.
std::vector<std::string> leftovers(const fs::path& parent, const std::string& keep) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(parent))
    if (e.path().filename() != keep) out.push_back(e.path().filename().string());
  return out;
}

const std::vector<std::string> kAll = {"a.csv", "b.json", "c.log"};

void write_set(const fs::path& dir, const Files& files) {
  OutputSet set(dir, "test", kAll);
  for (const auto& [name, text] : files) set.write(name, text);
  set.commit();
}

TEST(OutputSet, WritesEveryFileAndAManifestOfSizesAndChecksums) {
  const TempDir temp("set_new");
  const fs::path& parent = temp.path();
  const Files files = {{"a.csv", "x,y\n1,2\n"}, {"b.json", std::string(100000, 'b')}};
  write_set(parent / "out", files);
  EXPECT_EQ(contents_of(parent / "out"), files);
  EXPECT_EQ(leftovers(parent, "out"), std::vector<std::string>{});
  const auto manifest = read_output_manifest(parent / "out");
  ASSERT_TRUE(manifest.has_value());
  EXPECT_EQ(manifest->command, "test");
  ASSERT_EQ(manifest->files.size(), 2u);
  for (const auto& f : manifest->files) {
    boost::crc_32_type crc;  // independent of the CRC-32 the writer uses
    crc.process_bytes(files.at(f.name).data(), files.at(f.name).size());
    EXPECT_EQ(f.crc32, crc.checksum()) << f.name;
    EXPECT_EQ(f.bytes, files.at(f.name).size()) << f.name;
  }
}

TEST(OutputSet, TheManifestDescribesWrittenAndStreamedFilesAlike) {
  // write() describes its file from the bytes it was given; a file a writer streamed to its
  // staged path is read back. Both must give the file's size and CRC-32 as it is on disk.
  const TempDir temp("set_streamed");
  const fs::path& parent = temp.path();
  const std::string written(70001, 'w'), streamed = "streamed\n" + std::string(200000, 's');
  {
    OutputSet set(parent / "out", "test", kAll);
    set.write("a.csv", written);
    std::ofstream(set.staged_path("c.log"), std::ios::binary) << streamed;
    set.commit();
  }
  const Files files = {{"a.csv", written}, {"c.log", streamed}};
  EXPECT_EQ(contents_of(parent / "out"), files);
  const auto manifest = read_output_manifest(parent / "out");
  ASSERT_TRUE(manifest.has_value());
  ASSERT_EQ(manifest->files.size(), 2u);
  for (const auto& f : manifest->files) {
    boost::crc_32_type crc;
    crc.process_bytes(files.at(f.name).data(), files.at(f.name).size());
    EXPECT_EQ(f.crc32, crc.checksum()) << f.name;
    EXPECT_EQ(f.bytes, files.at(f.name).size()) << f.name;
  }
}

TEST(OutputSet, ReplacesThePreviousSetAsAWhole) {
  const TempDir temp("set_replace");
  const fs::path& parent = temp.path();
  write_set(parent / "out", {{"a.csv", "old a"}, {"b.json", "old b"}, {"c.log", "old c"}});
  write_set(parent / "out", {{"a.csv", "new a"}, {"b.json", "new b"}});
  // c.log belonged to the previous set: it goes with it.
  EXPECT_EQ(contents_of(parent / "out"), (Files{{"a.csv", "new a"}, {"b.json", "new b"}}));
  EXPECT_EQ(leftovers(parent, "out"), std::vector<std::string>{});
}

TEST(OutputSet, AnUnfinishedSetChangesNothing) {
  const TempDir temp("set_abandon");
  const fs::path& parent = temp.path();
  write_set(parent / "out", {{"a.csv", "old a"}});
  {
    OutputSet set(parent / "out", "test", kAll);
    set.write("a.csv", "new a");
    EXPECT_TRUE(fs::is_directory(set.staging_dir()));
  }
  EXPECT_EQ(contents_of(parent / "out"), (Files{{"a.csv", "old a"}}));
  EXPECT_EQ(leftovers(parent, "out"), std::vector<std::string>{});
}

TEST(OutputSet, ReplacesAnEmptyFolderAndFollowsASymbolicLink) {
  const TempDir temp("set_empty");
  const fs::path& parent = temp.path();
  fs::create_directories(parent / "real");
  fs::create_directory_symlink("real", parent / "link");
  write_set(parent / "link", {{"a.csv", "1"}});
  EXPECT_TRUE(fs::is_symlink(parent / "link"));
  EXPECT_EQ(contents_of(parent / "real"), (Files{{"a.csv", "1"}}));
  write_set(parent / "link/", {{"b.json", "2"}});  // a trailing slash names the same folder
  EXPECT_EQ(contents_of(parent / "real"), (Files{{"b.json", "2"}}));
}

TEST(OutputSet, RefusesAFolderHoldingFilesItDidNotWrite) {
  const TempDir temp("set_foreign");
  const fs::path& parent = temp.path();
  write_set(parent / "out", {{"a.csv", "ours"}});
  spit(parent / "out" / "notes.txt", "the user's");
  try {
    OutputSet set(parent / "out", "test", kAll);
    FAIL() << "expected OutputFolderRefused";
  } catch (const OutputFolderRefused& e) {
    EXPECT_NE(std::string(e.what()).find("notes.txt"), std::string::npos) << e.what();
  }
  EXPECT_EQ(contents_of(parent / "out"), (Files{{"a.csv", "ours"}, {"notes.txt", "the user's"}}));
  EXPECT_EQ(leftovers(parent, "out"), std::vector<std::string>{});
  // A folder that is not ours from the start, and a subfolder, are refused the same way.
  fs::create_directories(parent / "mine" / "sub");
  EXPECT_THROW(OutputSet(parent / "mine", "test", kAll), OutputFolderRefused);
  spit(parent / "file", "x");
  EXPECT_THROW(OutputSet(parent / "file", "test", kAll), OutputFolderRefused);
}

TEST(OutputSet, FilesPutIntoTheFolderWhileItIsStagedAreNotDeleted) {
  const TempDir temp("set_meanwhile");
  const fs::path& parent = temp.path();
  write_set(parent / "out", {{"a.csv", "old"}});
  {
    OutputSet set(parent / "out", "test", kAll);
    set.write("a.csv", "new");
    spit(parent / "out" / "notes.txt", "the user's");
    EXPECT_THROW(set.commit(), OutputFolderRefused);
  }
  EXPECT_EQ(contents_of(parent / "out"), (Files{{"a.csv", "old"}, {"notes.txt", "the user's"}}));
  EXPECT_EQ(leftovers(parent, "out"), std::vector<std::string>{});
}

TEST(OutputSet, RefusesTheFolderOfAnotherCommand) {
  const TempDir temp("set_other");
  const fs::path& parent = temp.path();
  write_set(parent / "out", {{"a.csv", "run's"}});
  try {
    OutputSet set(parent / "out", "forecast", kAll);
    FAIL() << "expected OutputFolderRefused";
  } catch (const OutputFolderRefused& e) {
    EXPECT_NE(std::string(e.what()).find("kaiten test"), std::string::npos) << e.what();
  }
  spit(parent / "out" / kManifestName, "{ not json");
  EXPECT_THROW(OutputSet(parent / "out", "test", kAll), OutputFolderRefused);
}

TEST(OutputSet, TakesOverAFolderWrittenFileByFileByAnOlderKaiten) {
  // No manifest, only names of this command's files and their *.tmp leftovers.
  const TempDir temp("set_legacy");
  const fs::path& parent = temp.path();
  fs::create_directories(parent / "out");
  spit(parent / "out" / "a.csv", "old");
  spit(parent / "out" / "c.log.tmp", "half");
  write_set(parent / "out", {{"b.json", "new"}});
  EXPECT_EQ(contents_of(parent / "out"), (Files{{"b.json", "new"}}));
}

TEST(OutputSet, RemovesStagingFoldersOfRunsThatAreGone) {
  const TempDir temp("set_stale");
  const fs::path& parent = temp.path();
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);  // a process id no process has now
  const auto dead = parent / ("out.kaiten-staging." + std::to_string(child));
  const auto dead_aside = parent / ("out.kaiten-staging." + std::to_string(child) + ".old");
  const auto alive = parent / ("out.kaiten-staging." + std::to_string(::getppid()));
  const auto other = parent / ("outer.kaiten-staging." + std::to_string(child));
  for (const auto& d : {dead, dead_aside, alive, other}) {
    fs::create_directories(d);
    spit(d / "a.csv", "x");
  }
  write_set(parent / "out", {{"a.csv", "1"}});
  EXPECT_FALSE(fs::exists(dead));
  EXPECT_FALSE(fs::exists(dead_aside));
  EXPECT_TRUE(fs::exists(alive));  // a run still going: not touched
  EXPECT_TRUE(fs::exists(other));  // another folder's
}

// Writes `files` into `dir` in a child process killed (SIGKILL) at step `crash_after`; returns
// whether it was killed (false: it finished first).
bool write_set_killed_at(const fs::path& dir, const Files& files, int crash_after) {
  const pid_t child = ::fork();
  if (child == 0) {
    ::setenv("KAITEN_TEST_CRASH_AFTER", std::to_string(crash_after).c_str(), 1);
    try {
      write_set(dir, files);
    } catch (...) {
      ::_exit(3);
    }
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  if (WIFSIGNALED(status)) {
    EXPECT_EQ(WTERMSIG(status), SIGKILL);
    return true;
  }
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "step " << crash_after;
  return false;
}

TEST(OutputSet, AKillAtAnyStepLeavesTheOldSetOrTheNewOneWhole) {
  const TempDir temp("set_crash");
  const fs::path& parent = temp.path();
  const Files old_set = {{"a.csv", "old a\n"}, {"b.json", "old b\n"}, {"c.log", "old c\n"}};
  const Files new_set = {{"a.csv", "new a, longer\n"}, {"b.json", "new b, longer\n"}};
  const Files next_set = {{"c.log", "next c\n"}};
  for (const bool had_folder : {false, true}) {
    int killed = 0;
    for (int step = 1; step < 100; ++step) {
      fs::remove_all(parent);
      fs::create_directories(parent);
      if (had_folder) write_set(parent / "out", old_set);
      const Files before = contents_of(parent / "out");
      if (!write_set_killed_at(parent / "out", new_set, step)) {
        EXPECT_EQ(contents_of(parent / "out"), new_set);
        break;
      }
      ++killed;
      const Files after = contents_of(parent / "out");
      EXPECT_TRUE(after == before || after == new_set)
          << "killed at step " << step << (had_folder ? " replacing a folder" : "");
      // The next run clears whatever the killed one left and writes its own set whole.
      write_set(parent / "out", next_set);
      EXPECT_EQ(contents_of(parent / "out"), next_set) << "after a kill at step " << step;
      EXPECT_EQ(leftovers(parent, "out"), std::vector<std::string>{}) << "step " << step;
    }
    // Steps: staging made; 2 per file (half written, whole and flushed) and the manifest; the
    // staging folder flushed; the swap; then one per file of the previous set removed (3 files
    // and its manifest).
    EXPECT_EQ(killed, had_folder ? 13 : 9);
  }
}

}  // namespace
}  // namespace kaiten
