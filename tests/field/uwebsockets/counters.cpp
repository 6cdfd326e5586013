// Shared state in uWebSockets handlers. One App on one loop runs its handlers one at a time, so a
// plain counter there is fine; the documented way to use all cores is one App per thread, and
// then handlers of different threads update the same globals at once.
#include <uWebSockets/App.h>

#include <algorithm>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

long requests = 0;
long single_loop_hits = 0;
std::atomic<long> peak_body{0};
std::atomic<long> peak_body_cas{0};

// case: uws_counter_one_app_per_thread (bug): one App per thread, all incrementing one plain global; source: https://github.com/uNetworking/uWebSockets/issues/1088
void serve_on_all_cores()
{
    std::vector<std::thread *> threads(std::thread::hardware_concurrency());
    std::transform(threads.begin(), threads.end(), threads.begin(), [](std::thread *) {
        return new std::thread([] {
            uWS::App().get("/*", [](auto *res, auto *) {
                requests++; // BUG: racelab-unsynchronized-shared-write
                res->end("ok");
            }).listen(3000, [](auto *) {}).run();
        });
    });
    for (std::thread *t : threads) t->join();
}

// case: uws_split_atomic_max_per_thread (bug): the largest body over all threads, kept with a load and a separate store; source: https://github.com/uNetworking/uWebSockets/issues/1088
void serve_peak_on_all_cores()
{
    std::vector<std::thread> threads;
    for (unsigned i = 0; i < std::thread::hardware_concurrency(); ++i) {
        threads.emplace_back([] {
            uWS::App().post("/*", [](auto *res, auto *req) {
                long size = static_cast<long>(req->getUrl().size());
                if (size > peak_body.load()) peak_body.store(size); // BUG: racelab-atomic-split-update
                res->end("ok");
            }).listen(3000, [](auto *) {}).run();
        });
    }
    for (auto &t : threads) t.join();
}

// case: uws_cas_atomic_max_per_thread (ok): the same maximum with a compare_exchange loop; source: https://github.com/uNetworking/uWebSockets/issues/1088
void serve_peak_cas_on_all_cores()
{
    std::vector<std::thread> threads;
    for (unsigned i = 0; i < std::thread::hardware_concurrency(); ++i) {
        threads.emplace_back([] {
            uWS::App().post("/*", [](auto *res, auto *req) {
                long size = static_cast<long>(req->getUrl().size());
                long seen = peak_body_cas.load();
                while (size > seen && !peak_body_cas.compare_exchange_weak(seen, size)) {
                }
                res->end("ok");
            }).listen(3000, [](auto *) {}).run();
        });
    }
    for (auto &t : threads) t.join();
}

// case: uws_counter_single_loop (ok): one App on the main thread's loop: its handlers never run at once; source: https://github.com/uNetworking/uWebSockets/issues/930
int main()
{
    uWS::App().get("/*", [](auto *res, auto *) {
        single_loop_hits++;
        res->end(std::to_string(single_loop_hits));
    }).listen(9001, [](auto *) {}).run();
}
