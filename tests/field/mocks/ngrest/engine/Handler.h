// Mock of ngrest's engine/Handler.h (https://github.com/loentar/ngrest, core/engine/src/Handler.h), written for racelab's field
// corpus from ngrest's README, wiki and public headers: only what the cases use, with ngrest's
// namespace, names and signatures; bodies are trivial. Not ngrest's code.
#pragma once
#include <functional>

namespace ngrest {

typedef std::function<void()> Task;

class Handler
{
public:
    // Posts the task to the event loop (the main thread, which runs the service operations).
    static void post(Task task) { (void)task; }
};

} // namespace ngrest
