// Shared state in restbed handlers: with settings->set_worker_limit(n) restbed runs method
// handlers (and scheduled tasks) on n threads, so a plain counter written there loses updates.
#include <restbed>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

using namespace restbed;

long hits = 0;
std::atomic<long> served{0};
std::mutex audit_mtx;
long audited = 0;

// case: restbed_named_handler_counter (bug): a global hit counter in a method handler given by name, as restbed's examples register them; source: https://github.com/Corvusoft/restbed/blob/master/documentation/example/SCHEDULE_WORK.md
void get_method_handler(const std::shared_ptr<Session> session)
{
    ++hits; // BUG: racelab-unsynchronized-shared-write
    session->close(OK, "Hello, World!");
}

int main()
{
    auto resource = std::make_shared<Resource>();
    resource->set_path("/resource");
    resource->set_method_handler("GET", get_method_handler);

    // case: restbed_lambda_handler_counter (bug): the same counter in a lambda handler; source: https://github.com/Corvusoft/restbed/issues/125
    resource->set_method_handler("POST", [](const std::shared_ptr<Session> session) {
        hits += 1; // BUG: racelab-unsynchronized-shared-write
        session->close(OK);
    });

    // case: restbed_atomic_counter (ok): the counter as a std::atomic; source: https://github.com/Corvusoft/restbed/issues/125
    resource->set_method_handler("PUT", [](const std::shared_ptr<Session> session) {
        served.fetch_add(1);
        session->close(OK);
    });

    // case: restbed_counter_under_mutex (ok): the write under a lock_guard; source: https://github.com/Corvusoft/restbed/issues/125
    resource->set_method_handler("DELETE", [](const std::shared_ptr<Session> session) {
        {
            std::lock_guard<std::mutex> lock(audit_mtx);
            ++audited;
        }
        session->close(OK);
    });

    auto settings = std::make_shared<Settings>();
    settings->set_port(1984);
    settings->set_worker_limit(4);

    Service service;
    service.publish(resource);
    // case: restbed_scheduled_reset (bug): a periodic task on the service's workers resets the counter that the handlers increment at the same time; source: https://github.com/Corvusoft/restbed/blob/master/documentation/example/SCHEDULE_WORK.md
    service.schedule([] { hits = 0; }, std::chrono::milliseconds(60000)); // BUG: racelab-unsynchronized-shared-write
    service.start(settings);
}
