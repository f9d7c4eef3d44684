// A build without MPI: the chain batch runs its local mode only.
#include "chain_transport.hpp"

namespace kaiten::app {

bool mpi_built() {
  return false;
}

std::unique_ptr<ChainTransport> open_chain_transport() {
  return nullptr;
}

}  // namespace kaiten::app
