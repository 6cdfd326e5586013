// Crow handlers that hand work to other threads. Crow reuses the connection's request and
// response objects for the next request on a keep-alive connection and ends the response itself
// when no one has, so a reference or pointer to either must not outlive the handler.
#include "crow.h"

#include <future>
#include <string>
#include <thread>

void audit(const std::string& what);
void audit_raw(const char* what);
std::string lookup(const std::string& key);
void mockhandler(const crow::request* req, crow::response* res);

void register_routes(crow::SimpleApp& app)
{
    // case: crow_thread_args (bug): the request and response handed by address to a detached thread; source: https://github.com/ipkn/crow/issues/277
    CROW_ROUTE(app, "/hello").methods(crow::HTTPMethod::Post)([](const crow::request& req, crow::response& res) {
        std::thread(mockhandler, &req, &res).detach(); // BUG: racelab-context-escape
    });

    // case: crow_end_from_other_thread (bug): a reference to the response kept and ended from another thread; source: https://github.com/CrowCpp/Crow/issues/843
    CROW_ROUTE(app, "/api/v1/conferences").methods(crow::HTTPMethod::Post)([](const crow::request& req, crow::response& res) {
        std::string body = req.body;
        std::thread([&res, body] { // BUG: racelab-context-escape
            res.code = 409;
            res.body = lookup(body);
            res.end();
        }).detach();
    });

    // case: crow_block_until_ready (ok): the handler waits for the worker, as the maintainers advise; source: https://github.com/CrowCpp/Crow/issues/221
    CROW_ROUTE(app, "/slow")([](const crow::request& req, crow::response& res) {
        auto result = std::async(std::launch::async, [&req] { return lookup(req.body); });
        res.body = result.get();
        res.end();
    });

    // case: crow_accept_then_work (ok): the fields the work needs are copied and the handler answers 202 at once; source: https://github.com/ipkn/crow/issues/277
    CROW_ROUTE(app, "/jobs").methods(crow::HTTPMethod::Post)([](const crow::request& req) {
        std::thread([body = req.body, from = req.remote_ip_address] {
            audit(from);
            lookup(body);
        }).detach();
        return crow::response(202);
    });

    // case: crow_default_capture (bug): a [&] default that uses the request in a detached thread; source: https://github.com/CrowCpp/Crow/issues/258
    CROW_ROUTE(app, "/log")([](const crow::request& req) {
        std::thread([&] {
            audit(req.url); // BUG: racelab-context-escape
        }).detach();
        return crow::response(200);
    });

    // case: crow_request_copy (ok): crow::request is copyable, the copy is captured; source: https://github.com/CrowCpp/Crow/issues/258
    CROW_ROUTE(app, "/copy")([](const crow::request& req) {
        std::thread([req] { audit(req.url + req.body); }).detach();
        return crow::response(202);
    });

    // case: crow_url_param_pointer (bug): url_params.get() returns a char* into the request; source: https://crowcpp.org/master/guides/query-strings/
    CROW_ROUTE(app, "/user")([](const crow::request& req) {
        const char* uid = req.url_params.get("uid");
        std::thread([uid] { audit_raw(uid); }).detach(); // BUG: racelab-context-view-escape
        return crow::response(202);
    });

    // case: crow_url_param_string (ok): the parameter is copied into a std::string first; source: https://crowcpp.org/master/guides/query-strings/
    CROW_ROUTE(app, "/user2")([](const crow::request& req) {
        const char* raw = req.url_params.get("uid");
        std::string uid = raw ? raw : "";
        std::thread([uid] { audit(uid); }).detach();
        return crow::response(202);
    });

    // case: crow_no_thread (ok): the response is built and returned on the handler's thread; source: https://crowcpp.org/master/guides/routes/
    CROW_ROUTE(app, "/plain")([](const crow::request& req, crow::response& res) {
        res.set_header("Content-Type", "text/plain");
        res.write(lookup(req.url));
        res.end();
    });
}
