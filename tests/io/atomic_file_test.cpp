#include "kaiten/io/atomic_file.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

namespace kaiten {
namespace {

std::filesystem::path fresh_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("kaiten_test_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(AtomicFile, WritesThenRenamesAndLeavesNoTemporary) {
  const auto dir = fresh_dir("atomic_write");
  write_file_atomically(dir / "a.txt", "hello\n");
  EXPECT_EQ(slurp(dir / "a.txt"), "hello\n");
  EXPECT_FALSE(std::filesystem::exists(dir / "a.txt.tmp"));
}

TEST(AtomicFile, TheOldFileStaysWholeUntilCommit) {
  const auto dir = fresh_dir("atomic_replace");
  write_file_atomically(dir / "a.txt", "old");
  {
    AtomicWriter w(dir / "a.txt");
    w.write("new contents");
    EXPECT_EQ(slurp(dir / "a.txt"), "old");
    w.commit();
  }
  EXPECT_EQ(slurp(dir / "a.txt"), "new contents");
}

TEST(AtomicFile, AnAbandonedWriteLeavesNothingBehind) {
  const auto dir = fresh_dir("atomic_abandon");
  {
    AtomicWriter w(dir / "b.txt");
    w.write("half");
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "b.txt"));
  EXPECT_FALSE(std::filesystem::exists(dir / "b.txt.tmp"));
}

TEST(AtomicFile, AMissingDirectoryIsAnErrorNamingThePath) {
  try {
    write_file_atomically("/nonexistent-kaiten-dir/x.txt", "x");
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-kaiten-dir/x.txt"), std::string::npos);
  }
}

}  // namespace
}  // namespace kaiten
