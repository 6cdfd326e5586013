// Mock of oatpp's coroutine executor (oatpp 1.3, oatpp/core/async/Executor.hpp): execute<C>(args)
// constructs coroutine C from args and runs it on the executor's threads. Written for racelab's
// field corpus; not oatpp's code.
#pragma once
#include <cstddef>

namespace oatpp
{
namespace async
{
class Executor
{
  public:
    explicit Executor(std::size_t processorWorkersCount = 1) { (void)processorWorkersCount; }

    template <class CoroutineType, typename... Args>
    void execute(Args... params)
    {
        ((void)params, ...);
    }

    void waitTasksFinished() {}
};
}  // namespace async
}  // namespace oatpp
