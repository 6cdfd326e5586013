// RUN: racelab-context-view-escape --config="{CheckOptions: [{key: ContextTypes, value: '::web::RouteParams'}, {key: SpawnFunctions, value: '::web::post'}]}" -- -std=c++20
// A view returned by an operator of the context (RESTinio's `params["id"]` on route_params_t,
// which owns the bytes its string_views point into and dies with the handler's parameter).
#include <functional>
#include <string>
#include <string_view>

namespace web {
class RouteParams {
public:
  RouteParams(RouteParams&&) = default;
  std::string_view operator[](std::string_view key) const;
  std::string_view operator[](std::size_t index) const;
  std::string_view match() const;
};
void post(std::function<void()> job); // runs job on a pool thread, later
} // namespace web

void load(std::string_view id);

// ===== Flagged ================================================================

void namedParameter(web::RouteParams params) {
  std::string_view id = params["id"];
  web::post([id] { load(id); });
  // CHECK-FIXES: {{^}}  web::post([id = std::string(id)] { load(id); });{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:14: warning: view 'id' into the request context captured by value escapes into a task started by '::web::post'; it points into the context's storage, which is reused or freed when the request ends: capture 'std::string(id)' instead [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the task is handed over here
}

void indexedParameterInCapture(const web::RouteParams& params) {
  web::post([first = params[0]] { load(first); });
  // CHECK-FIXES: {{^}}  web::post([first = std::string(params[0])] { load(first); });{{$}}
  // CHECK-NOTES: :[[@LINE-2]]:14: warning: view 'first' initialized from the request context in the capture escapes into a task started by '::web::post'; it points into the context's storage, which is reused or freed when the request ends: capture an owning 'std::string' instead [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the task is handed over here
}

// ===== Not flagged ============================================================

// The cure: an owning copy (restinio::cast_to<std::string>(params["id"]) in RESTinio).
void ownedParameter(web::RouteParams params) {
  std::string id(params["id"]);
  web::post([id] { load(id); });
}

// A view of a string that is no part of the context.
void otherView() {
  static const std::string fallback = "anonymous";
  std::string_view v = fallback;
  web::post([v] { load(v); });
}
