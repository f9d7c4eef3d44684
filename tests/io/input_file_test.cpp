#include "kaiten/io/input_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace kaiten {
namespace {

namespace fs = std::filesystem;

class InputFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kaiten_input_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(InputFile, ReadsEveryByte) {
  const std::string bytes("a\0b\r\n\xff", 6);
  std::ofstream(dir_ / "f.bin", std::ios::binary) << bytes;
  EXPECT_EQ(read_input_file(dir_ / "f.bin"), bytes);
  EXPECT_FALSE(input_file_problem(dir_ / "f.bin").has_value());
  std::ofstream(dir_ / "empty.txt").close();
  EXPECT_EQ(read_input_file(dir_ / "empty.txt"), "");
}

TEST_F(InputFile, ADirectoryIsAProblemNotAnException) {
  EXPECT_EQ(input_file_problem(dir_).value_or(""), "cannot read: is a directory");
  try {
    read_input_file(dir_);
    FAIL() << "read a directory";
  } catch (const InputFileError& e) {
    EXPECT_EQ(e.problem, "cannot read: is a directory");
    EXPECT_EQ(std::string(e.what()), dir_.string() + ": cannot read: is a directory");
  }
}

TEST_F(InputFile, AMissingFileIsNamed) {
  const fs::path missing = dir_ / "missing.yaml";
  EXPECT_EQ(input_file_problem(missing).value_or(""),
            "cannot open file: No such file or directory");
  EXPECT_THROW(read_input_file(missing), InputFileError);
}

}  // namespace
}  // namespace kaiten
