// Shared state in ngrest services. ngrest runs service operations on its event loop, one at a
// time, and Handler::post runs tasks on that same loop: counters written there need no lock.
// Threads an operation starts itself run beside the loop and beside each other.
#include <ngrest/common/Callback.h>
#include <ngrest/common/Service.h>
#include <ngrest/engine/Handler.h>

#include <atomic>
#include <string>
#include <thread>

long calls = 0;
long finished_jobs = 0;
long finished_jobs_posted = 0;
std::atomic<long> finished_jobs_atomic{0};
void run(const std::string& job);

class Jobs: public ngrest::Service
{
public:
    // case: ngrest_operation_counter (ok): an operation counts its calls on the event loop; source: https://github.com/loentar/ngrest/blob/master/README.md
    int count()
    {
        return static_cast<int>(++calls);
    }

    // case: ngrest_thread_counter (bug): every call starts a thread that bumps a global counter: the threads of concurrent calls race; source: https://github.com/loentar/ngrest/blob/master/tests/service/src/TestService.cpp
    void start(const std::string& job)
    {
        std::thread([job] {
            run(job);
            ++finished_jobs; // BUG: racelab-unsynchronized-shared-write
        }).detach();
    }

    // case: ngrest_counter_posted_to_loop (ok): the thread posts the count back to the event loop with Handler::post, where it runs one at a time with the operations; the shared-state check counts the posted task as part of the thread's lambda; source: https://github.com/loentar/ngrest/blob/master/tests/service/src/TestService.cpp
    void start2(const std::string& job)
    {
        std::thread([job] {
            run(job);
            ngrest::Handler::post([] { ++finished_jobs_posted; }); // FALSE-ALARM(known): racelab-unsynchronized-shared-write
        }).detach();
    }

    // case: ngrest_atomic_thread_counter (ok): the thread's counter is a std::atomic; source: https://github.com/loentar/ngrest/blob/master/tests/service/src/TestService.cpp
    void start3(const std::string& job)
    {
        std::thread([job] {
            run(job);
            finished_jobs_atomic.fetch_add(1);
        }).detach();
    }
};
