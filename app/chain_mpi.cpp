// libkaiten_mpi.so: the chain batch's transport over MPI (Open MPI), point-to-point byte messages
// between ranks; loaded by open_chain_transport() (chain_transport.cpp) under mpirun only, so
// that no other run loads Open MPI.
#include <mpi.h>

#include <cstdlib>
#include <stdexcept>

#include "chain_transport.hpp"

namespace kaiten::app {
namespace {

void check(int rc, const char* what) {
  if (rc != MPI_SUCCESS) throw std::runtime_error(std::string("MPI: ") + what + " failed");
}

class MpiTransport final : public ChainTransport {
 public:
  MpiTransport() {
    check(MPI_Init(nullptr, nullptr), "MPI_Init");
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  ~MpiTransport() override { MPI_Finalize(); }
  MpiTransport(const MpiTransport&) = delete;
  MpiTransport& operator=(const MpiTransport&) = delete;

  int rank() const override { return rank_; }
  int size() const override { return size_; }

  std::optional<ChainMessage> poll() override {
    int flag = 0;
    MPI_Status status;
    check(MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status), "MPI_Iprobe");
    if (flag == 0) return std::nullopt;
    return receive(status);
  }

  ChainMessage wait() override {
    MPI_Status status;
    check(MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &status), "MPI_Probe");
    return receive(status);
  }

  void send(int to, ChainTag tag, std::string_view bytes) override {
    check(MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, to,
                   static_cast<int>(tag), MPI_COMM_WORLD),
          "MPI_Send");
  }

  [[noreturn]] void abort(int code) override {
    MPI_Abort(MPI_COMM_WORLD, code);
    std::_Exit(code);
  }

 private:
  ChainMessage receive(const MPI_Status& status) {
    int count = 0;
    check(MPI_Get_count(&status, MPI_BYTE, &count), "MPI_Get_count");
    ChainMessage m;
    m.from = status.MPI_SOURCE;
    m.tag = static_cast<ChainTag>(status.MPI_TAG);
    m.bytes.resize(static_cast<std::size_t>(count));
    check(MPI_Recv(m.bytes.data(), count, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG,
                   MPI_COMM_WORLD, MPI_STATUS_IGNORE),
          "MPI_Recv");
    return m;
  }

  int rank_ = 0;
  int size_ = 1;
};

}  // namespace

}  // namespace kaiten::app

/// The module's one entry point: MPI initialised and this process's rank, or nullptr with
/// `*error` set. (The transport's own calls throw std::runtime_error, whose type is libstdc++'s on
/// both sides of the module's edge.)
extern "C" kaiten::app::ChainTransport* kaiten_mpi_transport(std::string* error) {
  try {
    return new kaiten::app::MpiTransport();
  } catch (const std::exception& e) {
    *error = e.what();
    return nullptr;
  }
}
