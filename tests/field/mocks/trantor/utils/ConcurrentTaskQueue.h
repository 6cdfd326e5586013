// Mock of trantor's ConcurrentTaskQueue (trantor/utils/ConcurrentTaskQueue.h), written for
// racelab's field corpus from the public header: a named pool of threads that runs queued tasks.
// Not trantor's code.
#pragma once
#include <cstddef>
#include <functional>
#include <string>

namespace trantor
{
class TaskQueue
{
  public:
    virtual void runTaskInQueue(const std::function<void()> &task) = 0;
    virtual void runTaskInQueue(std::function<void()> &&task) = 0;
    virtual ~TaskQueue() = default;
};

class ConcurrentTaskQueue : public TaskQueue
{
  public:
    ConcurrentTaskQueue(size_t threadNum, const std::string &name)
    {
        (void)threadNum, (void)name;
    }
    void runTaskInQueue(const std::function<void()> &task) override { (void)task; }
    void runTaskInQueue(std::function<void()> &&task) override { (void)task; }
};
}  // namespace trantor
