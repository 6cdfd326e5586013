// Mock of trantor's EventLoop (drogon's network library, trantor/net/EventLoop.h), written for
// racelab's field corpus from drogon's documentation and trantor's public header: only what the
// cases use, with trantor's names and signatures; bodies are trivial. Not trantor's code.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>

namespace trantor
{
using TimerId = uint64_t;

/// One I/O thread's loop: the callables given to it run later, on that loop's thread.
class EventLoop
{
  public:
    using Func = std::function<void()>;

    void runInLoop(const Func &f) { (void)f; }
    void runInLoop(Func &&f) { (void)f; }
    void queueInLoop(const Func &f) { (void)f; }
    void queueInLoop(Func &&f) { (void)f; }
    TimerId runAfter(double delay, const Func &cb) { (void)delay, (void)cb; return 0; }
    TimerId runAfter(double delay, Func &&cb) { (void)delay, (void)cb; return 0; }
    TimerId runAfter(const std::chrono::duration<double> &delay, const Func &cb)
    {
        (void)delay, (void)cb;
        return 0;
    }
    TimerId runEvery(double interval, const Func &cb) { (void)interval, (void)cb; return 0; }
    TimerId runEvery(double interval, Func &&cb) { (void)interval, (void)cb; return 0; }
    bool isInLoopThread() const { return true; }
    static EventLoop *getEventLoopOfCurrentThread() { return nullptr; }
};
}  // namespace trantor
