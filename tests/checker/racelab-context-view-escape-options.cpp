// RUN: racelab-context-view-escape --config="{CheckOptions: [{key: racelab-context-view-escape.ContextTypes, value: '::web::Req'}, {key: racelab-context-view-escape.ViewTypes, value: '::web::Slice'}, {key: racelab-context-view-escape.SpawnFunctions, value: '::web::spawn'}]}" -- -std=c++20
// A framework whose accessors return its own view type, and its own spawn helper.
#include <string>
#include <string_view>
#include <thread>

namespace web {
struct Slice {
  const char* p;
  unsigned n;
};
class Req {
public:
  Slice param(const char* name) const;
  std::string_view path() const;
};
template <class F> void spawn(F&& f) { f(); }
} // namespace web

void use(web::Slice);
void use_sv(std::string_view);

void customView(web::Req& r) {
  auto id = r.param("id");
  web::spawn([id] { use(id); });
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: view 'id' into the request context captured by value escapes into a task started by '::web::spawn'; it points into the context's storage, which is reused or freed when the request ends: capture 'std::string(id)' instead [racelab-context-view-escape]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: the task is handed over here
}

void stringViewIsNotListedHere(web::Req& r) {
  auto p = r.path();
  web::spawn([p] { use_sv(p); });
}
