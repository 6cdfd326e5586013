// ngrest asynchronous operations and filters. An async operation takes
// `ngrest::Callback<R>& callback`: the callback lives in the request's memory pool until
// success() or error() is called, so work holding `&callback` that ends by calling one of them
// is ngrest's documented pattern ("take callback by reference because it's allocated in
// mempool, take argument(s) by value because it's allocated in stack"). A filter gets the
// request's MessageContext*, pooled the same way.
#include <ngrest/common/Callback.h>
#include <ngrest/common/Message.h>
#include <ngrest/common/Service.h>
#include <ngrest/engine/Filter.h>
#include <ngrest/engine/Handler.h>
#include <ngrest/utils/Exception.h>

#include <chrono>
#include <numeric>
#include <vector>
#include <list>
#include <string>
#include <thread>

std::string render(const std::string& id);
bool run_job(const std::string& job);
void audit(const std::string& line);

// *location: /reports
class Reports: public ngrest::Service
{
public:
    // case: ngrest_post_back_to_loop (ok): ngrest's own async test: a thread holds &callback and the argument by value, and posts success() back to the event loop; source: https://github.com/loentar/ngrest/blob/master/tests/service/src/TestService.cpp
    void echoASync(const std::string& value, ngrest::Callback<const std::string&>& callback)
    {
        std::thread([&callback, value] {
            std::this_thread::sleep_for(std::chrono::seconds(1));
            ngrest::Handler::post([&callback, value] { callback.success("You said " + value); });
        }).detach();
    }

    // case: ngrest_complete_in_thread (ok): the thread answers through the callback as its last step, with error() on failure; source: https://github.com/loentar/ngrest/blob/master/tests/service/src/TestService.cpp
    void build(const std::string& id, ngrest::Callback<const std::string&>& callback)
    {
        std::thread([&callback, id] {
            std::string report = render(id);
            if (report.empty())
                callback.error(ngrest::Exception("Reports.cpp:51", "build", "no report " + id));
            else
                callback.success(report);
        }).detach();
    }

    // case: ngrest_reply_then_report_failure (bug): the operation answers "queued" at once, and the job's thread later calls error() on the callback that success() already released to the pool; source: https://github.com/loentar/ngrest/blob/master/tests/service/src/TestService.cpp
    void submit(const std::string& job, ngrest::Callback<const std::string&>& callback)
    {
        std::thread([&callback, job] { // BUG: racelab-context-escape
            if (!run_job(job))
                callback.error(ngrest::Exception("Reports.cpp:62", "submit", "job failed: " + job));
            audit("job finished: " + job);
        }).detach();
        callback.success("queued");
    }

    // case: ngrest_argument_by_reference (bug): the argument, which lives on the caller's stack, captured by reference next to the callback: only the argument's position says it is request-scoped; source: https://github.com/loentar/ngrest/blob/master/tests/service/src/TestService.cpp
    void echoLater(const std::string& value, ngrest::Callback<const std::string&>& callback)
    {
        std::thread([&callback, &value] { // BUG: racelab-context-escape
            std::this_thread::sleep_for(std::chrono::seconds(1));
            ngrest::Handler::post([&callback, value] { callback.success("You said " + value); });
        }).detach();
    }

    // case: ngrest_argument_by_default_capture (bug): `[&]` takes the key by reference along with the callback; the thread completes through the callback, which keeps the request's pool, not the wrapper's stack where the key lives; source: https://github.com/loentar/ngrest/blob/master/README.md
    void lookup(const std::string& key, ngrest::Callback<const std::string&>& callback)
    {
        std::thread([&] {
            std::string found = render(key); // BUG: racelab-context-escape
            callback.success(found);
        }).detach();
    }

    // case: ngrest_argument_copied_by_init_capture (ok): the argument moved into the thread as a copy, the callback by reference, success() last; source: https://github.com/loentar/ngrest/blob/master/tests/service/src/TestService.cpp
    void lookup2(const std::string& key, ngrest::Callback<const std::string&>& callback)
    {
        std::thread([&callback, key = std::string(key)] { callback.success(render(key)); }).detach();
    }

    // case: ngrest_argument_in_joined_threads (ok): a synchronous operation fans out over threads that it joins before returning: the argument outlives them; source: https://github.com/loentar/ngrest/blob/master/README.md
    int countAll(const std::vector<std::string>& ids)
    {
        std::vector<int> sizes(ids.size());
        std::vector<std::thread> workers;
        for (std::size_t i = 0; i < ids.size(); ++i)
            workers.emplace_back([&ids, &sizes, i] { sizes[i] = static_cast<int>(render(ids[i]).size()); });
        for (std::thread& t : workers)
            t.join();
        return std::accumulate(sizes.begin(), sizes.end(), 0);
    }

    // case: ngrest_sync_operation (ok): a synchronous operation answers by returning; ngrest runs operations on its event loop; source: https://github.com/loentar/ngrest/blob/master/README.md
    std::string get(const std::string& id)
    {
        return render(id);
    }
};

class AuditFilter: public ngrest::Filter
{
public:
    const std::string& getName() const override { return name; }
    const std::list<std::string>& getDependencies() const override { return deps; }

    // case: ngrest_filter_context_to_thread (bug): a filter hands the request's MessageContext pointer to a detached audit thread; the context goes back to the pool when the request ends; source: https://github.com/loentar/ngrest/blob/master/core/engine/src/Filter.h
    void filter(ngrest::Phase phase, ngrest::MessageContext* context) override
    {
        if (phase != ngrest::Phase::PreDispatch)
            return;
        std::thread([context] { audit(context->request->path); }).detach(); // BUG: racelab-context-escape
    }

    std::string name = "audit";
    std::list<std::string> deps;
};

class DeferredAuditFilter: public ngrest::Filter
{
public:
    const std::string& getName() const override { return name; }
    const std::list<std::string>& getDependencies() const override { return deps; }

    // case: ngrest_filter_context_posted (bug): the filter defers its audit to the event loop with Handler::post; the task runs after the filter returned, when the context may already serve another request; source: https://github.com/loentar/ngrest/blob/master/core/engine/src/Handler.h
    void filter(ngrest::Phase phase, ngrest::MessageContext* context) override
    {
        if (phase == ngrest::Phase::PostDispatch)
            ngrest::Handler::post([context] { audit(context->request->path); }); // BUG: racelab-context-escape
    }

    std::string name = "deferred-audit";
    std::list<std::string> deps;
};

class AuditFilter2: public ngrest::Filter
{
public:
    const std::string& getName() const override { return name; }
    const std::list<std::string>& getDependencies() const override { return deps; }

    // case: ngrest_filter_fields_copied (ok): the path copied into a std::string before the thread; source: https://github.com/loentar/ngrest/blob/master/core/engine/src/Filter.h
    void filter(ngrest::Phase phase, ngrest::MessageContext* context) override
    {
        if (phase != ngrest::Phase::PreDispatch)
            return;
        std::thread([path = std::string(context->request->path)] { audit(path); }).detach();
    }

    std::string name = "audit2";
    std::list<std::string> deps;
};
