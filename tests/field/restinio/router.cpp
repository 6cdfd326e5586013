// RESTinio 0.6.16 (Debian librestinio-dev, standalone Asio): a handler gets a
// `request_handle_t`, a std::shared_ptr to the request. Returning `request_accepted()` and
// calling `done()` later from another thread is RESTinio's documented async style, provided the
// work holds its own copy of the handle. The express router's `route_params_t` is move-only and
// owns the buffer its string_views point into; it dies with the handler's parameter.
// Started with `on_thread_pool(n)`, handlers run on n threads at once.
#include <restinio/all.hpp>

#include <asio.hpp>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

using router_t = restinio::router::express_router_t<>;
using restinio::request_handle_t;
using restinio::router::route_params_t;

std::string load_user(const std::string& id);
std::string load_user_view(restinio::string_view_t id);
long score_of(int shard);

asio::thread_pool workers(4);

// case: thread-captures-handle-by-reference (bug): the worker thread answers through a reference to the handler's own shared_ptr parameter, destroyed at return; source: https://github.com/Stiffstream/restinio/issues/8
void thread_captures_handle_by_reference(router_t& router) {
  router.http_get("/users/:id", [](request_handle_t req, route_params_t) {
    std::thread([&req] { // BUG: racelab-context-escape
      req->create_response().set_body(load_user(std::string(req->header().query()))).done();
    }).detach();
    return restinio::request_accepted();
  });
}

// case: thread-captures-handle-by-value (ok): the maintainer's idiom: the handle is copied into the other thread, which calls done(); source: https://github.com/Stiffstream/restinio/issues/8
void thread_captures_handle_by_value(router_t& router) {
  router.http_get("/users/:id", [](request_handle_t req, route_params_t) {
    std::thread([req] {
      req->create_response().set_body(load_user(std::string(req->header().query()))).done();
    }).detach();
    return restinio::request_accepted();
  });
}

// case: route-param-view-posted (bug): a string_view from route_params_t is posted to a pool; the params object that owns its bytes dies with the handler; source: https://github.com/Stiffstream/restinio/issues/133
void route_param_view_posted(router_t& router) {
  router.http_get("/users/:id", [](request_handle_t req, route_params_t params) {
    restinio::string_view_t id = params["id"];
    asio::post(workers, [req, id] { // BUG: racelab-context-view-escape
      req->create_response().set_body(load_user_view(id)).done();
    });
    return restinio::request_accepted();
  });
}

// case: route-param-owned-posted (ok): the fix: the id is converted to an owning std::string first; source: https://stiffstream.com/en/docs/restinio/0.6/expressrouter.html
void route_param_owned_posted(router_t& router) {
  router.http_get("/users/:id", [](request_handle_t req, route_params_t params) {
    auto id = restinio::cast_to<std::string>(params["id"]);
    asio::post(workers, [req, id] { req->create_response().set_body(load_user(id)).done(); });
    return restinio::request_accepted();
  });
}

// case: post-default-capture (bug): a `[&]` job posted to an asio thread_pool reaches the handle by reference; source: https://github.com/Stiffstream/restinio/issues/22
void post_default_capture(router_t& router) {
  router.http_post("/jobs", [](request_handle_t req, route_params_t) {
    asio::post(workers, [&] {
      auto body = req->body(); // BUG: racelab-context-escape
      req->create_response(restinio::status_created()).set_body(body).done();
    });
    return restinio::request_accepted();
  });
}

// case: sync-handler (ok): the response built and sent on the handler's own thread; source: https://stiffstream.com/en/docs/restinio/0.6/expressrouter.html
void sync_handler(router_t& router) {
  router.http_get("/ping", [](request_handle_t req, route_params_t params) {
    return req->create_response().set_body(std::string(params.match())).done();
  });
}

long requests_seen = 0;

// case: global-request-counter (bug): a plain global bumped by a handler of a server run on_thread_pool(4); source: https://github.com/Stiffstream/restinio/issues/115
void global_request_counter(router_t& router) {
  router.http_get("/", [](request_handle_t req, route_params_t) {
    requests_seen++; // BUG: racelab-unsynchronized-shared-write
    return req->create_response().set_body("hi").done();
  });
}

std::atomic<long> requests_seen_atomic{0};

// case: atomic-request-counter (ok): the fix: fetch_add on an atomic; source: https://github.com/Stiffstream/restinio/issues/115
void atomic_request_counter(router_t& router) {
  router.http_get("/", [](request_handle_t req, route_params_t) {
    requests_seen_atomic.fetch_add(1, std::memory_order_relaxed);
    return req->create_response().set_body("hi").done();
  });
}

// case: fan-out-total (bug): shards scored on a local asio thread_pool, each job adding to one captured total, the pool joined before the answer; source: https://think-async.com/Asio/asio-1.18.1/doc/asio/reference/thread_pool.html
void fan_out_total(router_t& router) {
  router.http_get("/score", [](request_handle_t req, route_params_t) {
    long total = 0;
    asio::thread_pool local(4);
    for (int shard = 0; shard < 8; ++shard)
      asio::post(local, [&total, shard] {
        total += score_of(shard); // BUG: racelab-unsynchronized-shared-write
      });
    local.join();
    return req->create_response().set_body(std::to_string(total)).done();
  });
}

// case: fan-out-atomic-total (ok): the fix: the total is an atomic and the jobs fetch_add; source: https://think-async.com/Asio/asio-1.18.1/doc/asio/reference/thread_pool.html
void fan_out_atomic_total(router_t& router) {
  router.http_get("/score", [](request_handle_t req, route_params_t) {
    std::atomic<long> total{0};
    asio::thread_pool local(4);
    for (int shard = 0; shard < 8; ++shard)
      asio::post(local, [&total, shard] { total.fetch_add(score_of(shard)); });
    local.join();
    return req->create_response().set_body(std::to_string(total.load())).done();
  });
}

std::atomic<std::size_t> longest_body{0};

// case: split-atomic-max (bug): the longest body kept with store(max(load(), n)), one expression but two steps; source: https://en.cppreference.com/w/cpp/atomic/atomic/compare_exchange
void split_atomic_max(router_t& router) {
  router.http_post("/upload", [](request_handle_t req, route_params_t) {
    longest_body.store(std::max(longest_body.load(), req->body().size())); // BUG: racelab-atomic-split-update
    return req->create_response().done();
  });
}

// case: cas-atomic-max (ok): the fix: a compare_exchange loop; source: https://en.cppreference.com/w/cpp/atomic/atomic/compare_exchange
void cas_atomic_max(router_t& router) {
  router.http_post("/upload", [](request_handle_t req, route_params_t) {
    std::size_t n = req->body().size();
    std::size_t seen = longest_body.load();
    while (seen < n && !longest_body.compare_exchange_weak(seen, n)) {
    }
    return req->create_response().done();
  });
}

// ===== As applications on GitHub write them (issue #13's red-team pass) ======
//
// RESTinio handlers shaped like the services on GitHub that use RESTinio (a single
// request_handler lambda or a handler class, work queued to a pool of the application's own
// threads). The request handle is a std::shared_ptr: a copy keeps the request, its header and
// its body alive.
namespace realworld {

void archive(std::string_view bytes);
void archive_copy(const std::string& bytes);

// case: body-view-with-handle (ok): a view of the body posted together with a copy of the handle that owns it, as handlers queuing large bodies do; source: https://github.com/Stiffstream/restinio/issues/8
void body_view_with_handle(asio::thread_pool& pool) {
  auto handler = [&pool](request_handle_t req) {
    std::string_view bytes = req->body();
    asio::post(pool, [req, bytes] {
      archive(bytes);
      req->create_response().set_body("stored").done();
    });
    return restinio::request_accepted();
  };
  (void)handler;
}

// case: header-path-view-alone (bug): the path of the request's header, a string_view, posted without the handle that keeps it; source: https://stiffstream.com/en/docs/restinio/0.6/requesthandler.html
void header_path_view_alone(asio::thread_pool& pool) {
  auto handler = [&pool](request_handle_t req) {
    auto path = req->header().path();
    asio::post(pool, [path] { archive(path); }); // BUG: racelab-context-view-escape
    return req->create_response().set_body("ok").done();
  };
  (void)handler;
}

// case: header-path-copied (ok): the path converted to a std::string before it is posted; source: https://stiffstream.com/en/docs/restinio/0.6/requesthandler.html
void header_path_copied(asio::thread_pool& pool) {
  auto handler = [&pool](request_handle_t req) {
    std::string path{req->header().path()};
    asio::post(pool, [path] { archive_copy(path); });
    return req->create_response().set_body("ok").done();
  };
  (void)handler;
}

long handled = 0;

// case: request-handler-global-counter (bug): the plain request_handler of a server run on_thread_pool(4) counts requests in a global; source: https://github.com/Stiffstream/restinio#hello-world
void request_handler_global_counter() {
  restinio::run(restinio::on_thread_pool(4).port(8080).address("localhost").request_handler(
      [](request_handle_t req) {
        ++handled; // BUG: racelab-unsynchronized-shared-write
        return req->create_response().set_body("hi").done();
      }));
}

std::atomic<long> handled_atomic{0};

// case: request-handler-atomic-counter (ok): the same counter as an atomic; source: https://github.com/Stiffstream/restinio#hello-world
void request_handler_atomic_counter() {
  restinio::run(restinio::on_thread_pool(4).port(8080).address("localhost").request_handler(
      [](request_handle_t req) {
        handled_atomic.fetch_add(1);
        return req->create_response().set_body("hi").done();
      }));
}

long handled_single = 0;

// case: request-handler-this-thread-counter (ok): the same plain counter in the request_handler of a server run on_this_thread(), one thread for every request; source: https://github.com/Stiffstream/restinio#hello-world
void request_handler_this_thread_counter() {
  restinio::run(restinio::on_this_thread().port(8080).address("localhost").request_handler(
      [](request_handle_t req) {
        ++handled_single;
        return req->create_response().set_body("hi").done();
      }));
}

// case: handle-posted-by-value (ok): the handle copied into the pool job, which answers with done(), as RESTinio's async examples do; source: https://github.com/Stiffstream/restinio/issues/8
void handle_posted_by_value(asio::thread_pool& pool) {
  auto handler = [&pool](request_handle_t req) {
    asio::post(pool, [req] { req->create_response().set_body(req->body()).done(); });
    return restinio::request_accepted();
  };
  (void)handler;
}

// case: handle-reference-posted (bug): the job takes the handler's handle parameter by reference; source: https://github.com/Stiffstream/restinio/issues/8
void handle_reference_posted(asio::thread_pool& pool) {
  auto handler = [&pool](const request_handle_t& req) {
    asio::post(pool, [&req] { req->create_response().set_body("late").done(); }); // BUG: racelab-context-escape
    return restinio::request_accepted();
  };
  (void)handler;
}

// ===== Views and references through the handle (issue #13's view pass) ===============

// case: header-field-reference-alone (bug): a reference to the User-Agent field of the request's header posted to a pool that keeps no handle, while the handler answers at once; source: https://stiffstream.com/en/docs/restinio/0.6/requesthandler.html
void header_field_reference_alone(asio::thread_pool& pool) {
  auto handler = [&pool](request_handle_t req) {
    const std::string& agent = req->header().get_field(restinio::http_field::user_agent);
    asio::post(pool, [&agent] { archive_copy(agent); }); // BUG: racelab-context-view-escape
    return req->create_response().set_body("ok").done();
  };
  (void)handler;
}

// case: header-field-reference-with-handle (ok): the same reference in a job that holds a copy of the handle and answers later; source: https://github.com/Stiffstream/restinio/issues/8
void header_field_reference_with_handle(asio::thread_pool& pool) {
  auto handler = [&pool](request_handle_t req) {
    const std::string& agent = req->header().get_field(restinio::http_field::user_agent);
    asio::post(pool, [req, &agent] {
      archive_copy(agent);
      req->create_response().set_body("stored").done();
    });
    return restinio::request_accepted();
  };
  (void)handler;
}

// case: body-c-str-alone (bug): the body's C string posted to a pool for a C parser while the handler answers at once; source: https://stiffstream.com/en/docs/restinio/0.6/requesthandler.html
void body_c_str_alone(asio::thread_pool& pool) {
  auto handler = [&pool](request_handle_t req) {
    const char* raw = req->body().c_str();
    asio::post(pool, [raw] { archive(raw); }); // BUG: racelab-context-view-escape
    return req->create_response().set_body("queued").done();
  };
  (void)handler;
}

// case: body-copied-alone (ok): the body copied into the job, which needs no handle then; source: https://stiffstream.com/en/docs/restinio/0.6/requesthandler.html
void body_copied_alone(asio::thread_pool& pool) {
  auto handler = [&pool](request_handle_t req) {
    asio::post(pool, [body = std::string(req->body())] { archive_copy(body); });
    return req->create_response().set_body("queued").done();
  };
  (void)handler;
}

} // namespace realworld
