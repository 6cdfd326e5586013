// cpprestsdk 2.10.18 (Debian libcpprest-dev): http_listener hands each handler an
// `http_request` by value. It is a ref-counted handle (a shared_ptr to the message inside):
// captured by value into a pplx continuation it keeps the request alive, which is the
// documented way to answer later; a reference or pointer to the handler's own copy dangles as
// soon as the handler returns, which is at once. Handlers run on the pplx thread pool, several
// at the same time.
#include <cpprest/http_listener.h>
#include <cpprest/json.h>
#include <pplx/pplxtasks.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

using web::http::http_request;
using web::http::methods;
using web::http::status_codes;
using web::http::experimental::listener::http_listener;

web::json::value lookup(const web::json::value& query);
long price_of(const utility::string_t& sku);

// case: then-captures-request-by-reference (bug): the continuation of extract_json() replies through a reference to the handler's by-value parameter, gone when the handler returns; source: https://github.com/microsoft/cpprestsdk/issues/346
void then_captures_request_by_reference(http_listener& listener) {
  listener.support(methods::POST, [](http_request message) {
    message.extract_json().then([&message](web::json::value body) { // BUG: racelab-context-escape
      message.reply(status_codes::OK, lookup(body));
    });
  });
}

// case: then-captures-request-by-value (ok): the fix and the documented idiom: the continuation holds its own handle; source: https://github.com/microsoft/cpprestsdk/wiki/Getting-Started-Tutorial
void then_captures_request_by_value(http_listener& listener) {
  listener.support(methods::POST, [](http_request message) {
    message.extract_json().then([message](web::json::value body) {
      message.reply(status_codes::OK, lookup(body));
    });
  });
}

// case: then-default-reference-capture (bug): a `[&]` continuation written in a member handler reaches the request through the default capture; source: https://github.com/microsoft/cpprestsdk/issues/346
class Catalog {
public:
  void handle_put(http_request message) {
    message.extract_json().then([&](web::json::value body) {
      message.reply(status_codes::Accepted, store(body)); // BUG: racelab-context-escape
    });
  }

private:
  web::json::value store(const web::json::value& v);
};

// case: then-awaited (ok): a `[&]` continuation waited on in the same statement, the blocking style of the samples; source: https://github.com/microsoft/cpprestsdk/issues/346
void then_awaited(http_listener& listener) {
  listener.support(methods::PUT, [](http_request message) {
    web::json::value answer;
    message.extract_json()
        .then([&](web::json::value body) {
          answer = lookup(body);
          answer[U("path")] = web::json::value::string(message.relative_uri().path());
        })
        .wait();
    message.reply(status_codes::OK, answer);
  });
}

// case: create-task-pointer-to-request (bug): heavy work on a pplx task holding a pointer to the handler's request; source: https://github.com/microsoft/cpprestsdk/issues/346
void create_task_pointer_to_request(http_listener& listener) {
  listener.support(methods::GET, [](http_request message) {
    http_request* pending = &message;
    pplx::create_task([pending] { // BUG: racelab-context-escape
      pending->reply(status_codes::OK, lookup(web::json::value::string(pending->relative_uri().query())));
    });
  });
}

// case: create-task-copy-then-reply (ok): the task chain owns handles captured with `[=]`; source: https://github.com/microsoft/cpprestsdk/issues/346
void create_task_copy_then_reply(http_listener& listener) {
  listener.support(methods::GET, [](http_request message) {
    pplx::create_task([=] { return lookup(web::json::value::string(message.relative_uri().query())); })
        .then([=](web::json::value result) { message.reply(status_codes::OK, result); });
  });
}

// case: get-on-task (ok): the request's body read synchronously with .get() on the task; source: https://microsoft.github.io/cpprestsdk/classweb_1_1http_1_1http__request.html
void get_on_task(http_listener& listener) {
  listener.support(methods::DEL, [](http_request message) {
    auto text = message.extract_string().get();
    message.reply(status_codes::OK, text);
  });
}

long served = 0;

// case: global-served-counter (bug): every handler adds to a plain global; the listener runs handlers on several pool threads at once; source: https://github.com/microsoft/cpprestsdk/issues/87
void global_served_counter(http_listener& listener) {
  listener.support(methods::GET, [](http_request message) {
    served += 1; // BUG: racelab-unsynchronized-shared-write
    message.reply(status_codes::OK);
  });
}

std::atomic<long> served_atomic{0};

// case: atomic-served-split (bug): an atomic counter, updated as `c = c + 1`: each step atomic, the increment not; source: https://en.cppreference.com/w/cpp/atomic/atomic/fetch_add
void atomic_served_split(http_listener& listener) {
  listener.support(methods::GET, [](http_request message) {
    served_atomic = served_atomic + 1; // BUG: racelab-atomic-split-update
    message.reply(status_codes::OK);
  });
}

// case: atomic-served (ok): the fix: `++` on the atomic; source: https://en.cppreference.com/w/cpp/atomic/atomic/fetch_add
void atomic_served(http_listener& listener) {
  listener.support(methods::GET, [](http_request message) {
    ++served_atomic;
    message.reply(status_codes::OK);
  });
}

// case: task-total (bug): one pplx task per line item, each adding to a captured total, waited on at the end; source: https://microsoft.github.io/cpprestsdk/namespacepplx.html
void task_total(http_listener& listener) {
  listener.support(methods::POST, [](http_request message) {
    auto skus = web::uri::split_path(message.relative_uri().path());
    long total = 0;
    std::vector<pplx::task<void>> parts;
    for (const auto& sku : skus)
      parts.push_back(pplx::create_task([&total, sku] {
        total += price_of(sku); // BUG: racelab-unsynchronized-shared-write
      }));
    for (auto& p : parts) p.wait();
    message.reply(status_codes::OK, web::json::value::number(static_cast<int64_t>(total)));
  });
}

// case: task-total-locked (ok): the fix: the tasks add under a mutex before the handler waits for them; source: https://microsoft.github.io/cpprestsdk/namespacepplx.html
void task_total_locked(http_listener& listener) {
  listener.support(methods::POST, [](http_request message) {
    auto skus = web::uri::split_path(message.relative_uri().path());
    long total = 0;
    std::mutex m;
    std::vector<pplx::task<void>> parts;
    for (const auto& sku : skus)
      parts.push_back(pplx::create_task([&total, &m, sku] {
        long p = price_of(sku);
        std::lock_guard<std::mutex> lock(m);
        total += p;
      }));
    for (auto& p : parts) p.wait();
    message.reply(status_codes::OK, web::json::value::number(static_cast<int64_t>(total)));
  });
}

// ===== As applications on GitHub write them (issue #13's red-team pass) ======
//
// cpprestsdk listeners shaped like the services on GitHub that use them (a handler class with
// member functions bound to support(), continuations that count, strings of the request kept
// across a continuation). Handlers and continuations run on the pplx pool, several at once.
namespace realworld {

void record(const utility::string_t& what);

// The shape of most cpprestsdk services: a class that owns the listener and binds its members.
class OrderService {
public:
  explicit OrderService(const utility::string_t& url) : listener_(url) {
    listener_.support(methods::POST, std::bind(&OrderService::handle_post, this, std::placeholders::_1));
    listener_.support(methods::GET, [this](http_request request) { handle_get(request); });
  }

private:
  // case: bound-member-counter (bug): the member function bound to support() counts orders in a plain member; source: https://github.com/microsoft/cpprestsdk/wiki/Programming-with-Tasks
  void handle_post(http_request request) {
    ++orders_; // BUG: racelab-unsynchronized-shared-write
    request.reply(status_codes::Created);
  }

  // case: member-read-under-lock (ok): the GET handler reads the count under the class's mutex; source: https://github.com/microsoft/cpprestsdk/wiki/Programming-with-Tasks
  void handle_get(http_request request) {
    long now = 0;
    {
      std::lock_guard<std::mutex> lock(mu_);
      now = orders_;
    }
    request.reply(status_codes::OK, web::json::value::number(static_cast<double>(now)));
  }

  http_listener listener_;
  std::mutex mu_;
  long orders_ = 0;
};

long replies_sent = 0;

// case: reply-continuation-counter (bug): the continuation of reply() counts sent replies in a global; continuations of concurrent requests run on the pool at once; source: https://github.com/microsoft/cpprestsdk/wiki/Programming-with-Tasks
void reply_continuation_counter(http_listener& listener) {
  listener.support(methods::GET, [](http_request request) {
    request.reply(status_codes::OK).then([](pplx::task<void> sent) {
      sent.get();
      ++replies_sent; // BUG: racelab-unsynchronized-shared-write
    });
  });
}

std::atomic<long> replies_sent_atomic{0};

// case: reply-continuation-atomic (ok): the same count kept in an atomic; source: https://github.com/microsoft/cpprestsdk/wiki/Programming-with-Tasks
void reply_continuation_atomic(http_listener& listener) {
  listener.support(methods::GET, [](http_request request) {
    request.reply(status_codes::OK).then([](pplx::task<void> sent) {
      sent.get();
      replies_sent_atomic.fetch_add(1);
    });
  });
}

// case: path-copied-into-continuation (ok): the path taken as an owning string_t and the request handle copied into the continuation of extract_string(); source: https://github.com/microsoft/cpprestsdk/issues/346
void path_copied_into_continuation(http_listener& listener) {
  listener.support(methods::PUT, [](http_request request) {
    auto path = request.relative_uri().path();
    request.extract_string().then([request, path](utility::string_t body) mutable {
      record(path + body);
      request.reply(status_codes::OK);
    });
  });
}

// case: headers-reference-with-handle (ok): a reference to the request's headers used in a continuation that also holds a copy of the request handle, which keeps the message and its headers alive; source: https://github.com/microsoft/cpprestsdk/issues/346
void headers_reference_into_continuation(http_listener& listener) {
  listener.support(methods::PUT, [](http_request request) {
    auto& headers = request.headers();
    request.extract_string().then([&headers, request](utility::string_t body) mutable {
      record(headers.content_type() + body);
      request.reply(status_codes::OK);
    });
  });
}

// case: headers-reference-without-handle (bug): a reference to the request's headers read by a pplx task that holds no copy of the request, which the handler answers and drops at once; source: https://microsoft.github.io/cpprestsdk/classweb_1_1http_1_1http__request.html
void headers_reference_without_handle(http_listener& listener) {
  listener.support(methods::GET, [](http_request request) {
    auto& headers = request.headers();
    pplx::create_task([&headers] { record(headers.content_type()); }); // BUG: racelab-context-view-escape
    request.reply(status_codes::Accepted);
  });
}

} // namespace realworld
