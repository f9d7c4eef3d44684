// Opens the chain batch's process group: the MPI transport is the module libkaiten_mpi.so
// (chain_mpi.cpp), loaded only when mpirun or srun started this process.
#include "chain_transport.hpp"

#include <cstdlib>
#include <stdexcept>

#include "kaiten/core/module.hpp"

namespace kaiten::app {
namespace {

/// Started by a launcher that wires up MPI: Open MPI's mpirun, or a PMI/PMIx one such as srun.
bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

}  // namespace

bool mpi_built() {
#ifdef KAITEN_MPI_MODULE
  return true;
#else
  return false;
#endif
}

std::unique_ptr<ChainTransport> open_chain_transport() {
#ifdef KAITEN_MPI_MODULE
  if (!launched_by_mpi()) return nullptr;
  using Factory = ChainTransport* (*)(std::string*);
  // Global: Open MPI's own plugins, which it loads in turn, resolve their symbols in libmpi.
  const auto make = reinterpret_cast<Factory>(
      module_symbol(KAITEN_MPI_MODULE, "kaiten_mpi_transport", /*global=*/true));
  std::string error;
  std::unique_ptr<ChainTransport> transport(make(&error));
  if (!transport) throw std::runtime_error(error);
  return transport;
#else
  return nullptr;  // a build without MPI runs the local mode only
#endif
}

}  // namespace kaiten::app
