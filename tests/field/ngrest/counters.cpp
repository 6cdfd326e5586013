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
long progress_reports = 0;
long jobs_seen = 0;
long failed_jobs = 0;
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

    // case: ngrest_counter_posted_to_loop (ok): the thread posts the count back to the event loop with Handler::post, where it runs one at a time with the operations; source: https://github.com/loentar/ngrest/blob/master/tests/service/src/TestService.cpp
    void start2(const std::string& job)
    {
        std::thread([job] {
            run(job);
            ngrest::Handler::post([] { ++finished_jobs_posted; });
        }).detach();
    }

    // case: ngrest_posted_task_in_a_variable (ok): the thread builds its loop task first and posts it when the job is done, several tasks per job; every one runs on the event loop; source: https://github.com/loentar/ngrest/blob/master/core/engine/src/Handler.h
    void start4(const std::string& job)
    {
        std::thread([job] {
            ngrest::Task report = [] { progress_reports += 1; };
            ngrest::Handler::post(report);
            run(job);
            ngrest::Handler::post(report);
        }).detach();
    }

    // case: ngrest_counter_in_thread_and_posted (bug): the thread bumps the counter itself before posting the same bump to the loop: the thread's write races with the other calls' threads and with the loop; source: https://github.com/loentar/ngrest/blob/master/tests/service/src/TestService.cpp
    void start5(const std::string& job)
    {
        std::thread([job] {
            ++jobs_seen; // BUG: racelab-unsynchronized-shared-write
            run(job);
            ngrest::Handler::post([] {
                ++jobs_seen;
            });
        }).detach();
    }

    // case: ngrest_counter_after_post (bug): the task posted to the loop only answers; the failure count is bumped on the thread itself, after the post; source: https://github.com/loentar/ngrest/blob/master/tests/service/src/TestService.cpp
    void start6(const std::string& job)
    {
        std::thread([job] {
            ngrest::Handler::post([job] { run(job); });
            failed_jobs++; // BUG: racelab-unsynchronized-shared-write
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
