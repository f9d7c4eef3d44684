#pragma once
// The messages between the ranks of `kaiten chain batch` under mpirun (docs/chain.md): rank 0
// hands out stores and writes the history, the other ranks simulate. Only chain_mpi.cpp knows
// MPI; a build without it has no transport and runs the local mode only.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace kaiten::app {

/// Message tags. task: "STORE FIRST_SENT" (a store to simulate, and the first of its days to
/// send); stop: "EXIT_CODE"; day: an encoded DayRecord; done: "STORE"; error: a message.
enum class ChainTag : int { task = 1, stop = 2, day = 3, done = 4, error = 5 };

struct ChainMessage {
  int from = 0;
  ChainTag tag = ChainTag::stop;
  std::string bytes;
};

/// A process group. Identity type; finalises MPI when destroyed.
class ChainTransport {
 public:
  virtual ~ChainTransport() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  /// A message from any rank if one has arrived, else nullopt at once.
  virtual std::optional<ChainMessage> poll() = 0;
  /// The next message from any rank, waiting for it.
  virtual ChainMessage wait() = 0;
  virtual void send(int to, ChainTag tag, std::string_view bytes) = 0;
  /// Ends every rank at once with `code` (rank 0 failing while others simulate).
  [[noreturn]] virtual void abort(int code) = 0;
};

/// Whether this build has MPI (KAITEN_MPI).
bool mpi_built();

/// The process group when this process was started by mpirun or srun (and the build has MPI);
/// nullptr otherwise, without initialising MPI.
std::unique_ptr<ChainTransport> open_chain_transport();

}  // namespace kaiten::app
