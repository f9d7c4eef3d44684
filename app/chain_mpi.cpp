// The chain batch's transport over MPI (Open MPI): point-to-point byte messages between ranks.
#include <mpi.h>

#include <cstdlib>
#include <stdexcept>

#include "chain_transport.hpp"

namespace kaiten::app {
namespace {

/// Started by a launcher that wires up MPI: Open MPI's mpirun, or a PMI/PMIx one such as srun.
bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

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

bool mpi_built() {
  return true;
}

std::unique_ptr<ChainTransport> open_chain_transport() {
  if (!launched_by_mpi()) return nullptr;
  return std::make_unique<MpiTransport>();
}

}  // namespace kaiten::app
