// Drogon handlers that hand work to other threads. The handler receives `const HttpRequestPtr&`
// (a reference to a shared_ptr that belongs to the caller) and the response callback by rvalue
// reference: capturing either by reference dangles once the handler returns; the shared_ptr
// copied and the callback moved (or copied) into the work is drogon's documented async mode.
#include <drogon/drogon.h>

#include <string>
#include <string_view>
#include <thread>

using namespace drogon;

std::string slow_query(const std::string &sql);
void audit(const std::string &what);

void registerHandlers()
{
    // case: drogon_reqptr_by_reference (bug): the request pointer captured by reference into a detached thread; source: https://github.com/drogonframework/drogon/issues/1104
    app().registerHandler(
        "/report",
        [](const HttpRequestPtr &req, std::function<void(const HttpResponsePtr &)> &&callback) {
            std::thread([&req, callback = std::move(callback)] { // BUG: racelab-context-escape
                auto resp = HttpResponse::newHttpResponse();
                resp->setBody(slow_query(req->getParameter("q")));
                callback(resp);
            }).detach();
        },
        {Get});

    // case: drogon_reqptr_by_value (ok): the shared_ptr copied and the callback moved into the thread, as the maintainers confirm; source: https://github.com/drogonframework/drogon/issues/842
    app().registerHandler(
        "/report2",
        [](const HttpRequestPtr &req, std::function<void(const HttpResponsePtr &)> &&callback) {
            std::thread([req, callback = std::move(callback)] {
                auto resp = HttpResponse::newHttpResponse();
                resp->setBody(slow_query(req->getParameter("q")));
                callback(resp);
            }).detach();
        },
        {Get});

    // case: drogon_callback_by_reference (bug): the response callback captured by reference into the event loop; source: https://github.com/drogonframework/drogon/issues/1104
    app().registerHandler(
        "/later",
        [](const HttpRequestPtr &req, std::function<void(const HttpResponsePtr &)> &&callback) {
            app().getLoop()->runAfter(1.0, [req, &callback] { // BUG: racelab-context-escape
                auto resp = HttpResponse::newHttpResponse();
                resp->setBody(std::string(req->body()));
                callback(resp);
            });
        },
        {Post});

    // case: drogon_timer_by_value (ok): request pointer and callback copied into a timer on the main loop; source: https://github.com/drogonframework/drogon/issues/973
    app().registerHandler(
        "/later2",
        [](const HttpRequestPtr &req, std::function<void(const HttpResponsePtr &)> &&callback) {
            app().getLoop()->runAfter(1.0, [req, callback] {
                auto resp = HttpResponse::newHttpResponse();
                resp->setBody(std::string(req->body()));
                callback(resp);
            });
        },
        {Post});

    // case: drogon_queue_in_loop_ref (bug): the request pointer captured by reference into another I/O loop; source: https://github.com/drogonframework/drogon/issues/1119
    app().registerHandler(
        "/audit",
        [](const HttpRequestPtr &req, std::function<void(const HttpResponsePtr &)> &&callback) {
            callback(HttpResponse::newHttpResponse());
            app().getIOLoop(0)->queueInLoop([&req] { audit(req->path()); }); // BUG: racelab-context-escape
        },
        {Get});

    // case: drogon_task_queue_default_ref (bug): a [&] default using request and callback on a ConcurrentTaskQueue; source: https://github.com/drogonframework/drogon/issues/1490
    app().registerHandler(
        "/ext",
        [](const HttpRequestPtr &req, std::function<void(const HttpResponsePtr &)> &&callback) {
            static trantor::ConcurrentTaskQueue queue(4, "blocking");
            queue.runTaskInQueue([&] {
                auto resp = HttpResponse::newHttpResponse();
                resp->setBody(slow_query(req->query())); // BUG: racelab-context-escape
                callback(resp); // BUG: racelab-context-escape
            });
        },
        {Get});

    // case: drogon_param_view_alone (bug): a query parameter viewed through the reference getParameter returns, audited by a detached thread that holds neither the request nor the callback, while the handler answers at once; source: https://github.com/drogonframework/drogon/issues/842
    app().registerHandler(
        "/audit",
        [](const HttpRequestPtr &req, std::function<void(const HttpResponsePtr &)> &&callback) {
            std::string_view user = req->getParameter("user");
            std::thread([user] { audit(std::string(user)); }).detach(); // BUG: racelab-context-view-escape
            callback(HttpResponse::newHttpResponse());
        },
        {Get});

    // case: drogon_param_view_with_request (ok): the same view in a thread that holds a copy of the request pointer and answers through the moved callback; source: https://github.com/drogonframework/drogon/issues/842
    app().registerHandler(
        "/audit2",
        [](const HttpRequestPtr &req, std::function<void(const HttpResponsePtr &)> &&callback) {
            std::string_view user = req->getParameter("user");
            std::thread([req, user, callback = std::move(callback)] {
                audit(std::string(user));
                callback(HttpResponse::newHttpResponse());
            }).detach();
        },
        {Get});

    // case: drogon_no_thread (ok): the response is built and sent on the I/O thread; source: https://github.com/drogonframework/drogon/issues/1243
    app().registerHandler(
        "/",
        [](const HttpRequestPtr &, std::function<void(const HttpResponsePtr &)> &&callback) {
            auto resp = HttpResponse::newHttpResponse();
            resp->setBody("Hello, World!");
            callback(resp);
        },
        {Get});
}

// case: drogon_filter_by_reference (bug): a filter's thread captures the request pointer by reference before calling the chain callback; source: https://github.com/drogonframework/drogon/issues/1700
class SlowAuthFilter : public HttpFilter<SlowAuthFilter>
{
  public:
    void doFilter(const HttpRequestPtr &req, FilterCallback &&fcb, FilterChainCallback &&fccb) override
    {
        std::thread([&req, fcb = std::move(fcb), fccb = std::move(fccb)] { // BUG: racelab-context-escape
            if (slow_query(req->getHeader("authorization")).empty())
                fcb(HttpResponse::newHttpResponse(k401Unauthorized, CT_TEXT_PLAIN));
            else
                fccb();
        }).detach();
    }
};

// case: drogon_filter_by_value (ok): the same filter with the request pointer copied, which keeps the request alive until fcb or fccb is called; source: https://github.com/drogonframework/drogon/issues/1700
class SlowAuthFilter2 : public HttpFilter<SlowAuthFilter2>
{
  public:
    void doFilter(const HttpRequestPtr &req, FilterCallback &&fcb, FilterChainCallback &&fccb) override
    {
        std::thread([req, fcb = std::move(fcb), fccb = std::move(fccb)] {
            if (slow_query(req->getHeader("authorization")).empty())
                fcb(HttpResponse::newHttpResponse(k401Unauthorized, CT_TEXT_PLAIN));
            else
                fccb();
        }).detach();
    }
};
