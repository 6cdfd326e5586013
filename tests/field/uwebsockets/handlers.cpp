// uWebSockets handlers. The library is strictly single-threaded per loop: an HttpResponse may be
// used only on its loop's thread, until it ends or is aborted, and an HttpRequest (and every
// string_view it returns) only while the route handler runs. Work done elsewhere comes back
// through Loop::defer, with onAborted telling it whether the response still exists.
#include <uWebSockets/App.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>

std::string compute(const std::string &input);
void log_line(std::string_view line);

void routes(uWS::App &app)
{
    // case: uws_res_from_other_thread (bug): the response written and ended from another thread; source: https://github.com/uNetworking/uWebSockets/issues/1664
    app.post("/LI_REQUEST", [](auto *res, auto *req) {
        std::string url(req->getUrl());
        std::thread([res, url] { // BUG: racelab-context-escape
            res->writeStatus("200 OK")->end(compute(url));
        }).detach();
    });

    // case: uws_res_deferred_to_loop (ok): the worker only computes; the response is ended on its loop through Loop::defer, unless onAborted fired; source: https://github.com/uNetworking/uWebSockets/issues/1728
    app.get("/compute", [](auto *res, auto *req) {
        auto aborted = std::make_shared<std::atomic<bool>>(false);
        res->onAborted([aborted] { *aborted = true; });
        uWS::Loop *loop = uWS::Loop::get();
        std::string query(req->getQuery());
        std::thread([res, loop, aborted, query] {
            std::string body = compute(query);
            loop->defer([res, aborted, body] {
                if (!*aborted) res->end(body);
            });
        }).detach();
    });

    // case: uws_request_view_in_thread (bug): a string_view from the request, which points into the receive buffer, read by a detached thread; source: https://github.com/uNetworking/uWebSockets.js/issues/77
    app.get("/log", [](auto *res, auto *req) {
        std::string_view agent = req->getHeader("user-agent");
        std::thread([agent] { log_line(agent); }).detach(); // BUG: racelab-context-view-escape
        res->end("logged");
    });

    // case: uws_request_fields_copied (ok): the header copied into a std::string before the thread starts; source: https://github.com/uNetworking/uWebSockets.js/issues/77
    app.get("/log2", [](auto *res, auto *req) {
        std::string agent(req->getHeader("user-agent"));
        std::thread([agent] { log_line(agent); }).detach();
        res->end("logged");
    });

    // case: uws_request_in_on_data (bug): the request used in onData, which runs after the handler has returned; source: https://github.com/uNetworking/uWebSockets/issues/617
    app.post("/upload", [](auto *res, auto *req) {
        res->onAborted([] {});
        res->onData([res, req, buffer = std::string()](std::string_view chunk, bool last) mutable { // BUG: racelab-context-escape
            buffer.append(chunk);
            if (last) res->end(std::string(req->getHeader("content-type")) + ": " + buffer);
        });
    });

    // case: uws_on_data_fields_copied (ok): the header copied before onData; the response is used in onData on its loop, as uWS documents; source: https://github.com/uNetworking/uWebSockets/issues/617
    app.post("/upload2", [](auto *res, auto *req) {
        res->onAborted([] {});
        std::string type(req->getHeader("content-type"));
        res->onData([res, type, buffer = std::string()](std::string_view chunk, bool last) mutable {
            buffer.append(chunk);
            if (last) res->end(type + ": " + buffer);
        });
    });

    // case: uws_cork_no_thread (ok): the response corked and ended in the handler, on the loop's thread; source: https://github.com/uNetworking/uWebSockets/issues/1672
    app.get("/hello", [](auto *res, auto *req) {
        std::string name(req->getQuery("name"));
        res->cork([res, name] { res->writeStatus("200 OK")->writeHeader("Content-Type", "text/plain")->end("hi " + name); });
    });
}
