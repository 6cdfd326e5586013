// RUN: racelab-context-escape --config="{CheckOptions: [{key: ContextTypes, value: '::fw::Session'}]}" -- -std=c++20
// A context held through a std::shared_ptr (restbed's `const std::shared_ptr<Session>`,
// Simple-Web-Server's response): the cure is a copy of the shared_ptr, even when the class
// itself cannot be copied.
#include <memory>
#include <thread>

namespace fw {
class Session {
public:
  Session(const Session&) = delete;
  void close(int status);
};
} // namespace fw

void byValueParameter(const std::shared_ptr<fw::Session> session) {
  std::thread([&session] { session->close(200); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: original context 'session' captured by reference escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture a copy of the std::shared_ptr 'session' instead: it keeps the request alive [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:52: note: the thread is detached here
}

void referenceParameter(const std::shared_ptr<fw::Session>& session) {
  std::thread([&] { session->close(200); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: original context 'session' captured by reference (by the '[&]' default) escapes into a detached std::thread; the context is reset or destroyed when the request ends: capture a copy of the std::shared_ptr 'session' instead: it keeps the request alive [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:45: note: the thread is detached here
}

void passedByRef(std::shared_ptr<fw::Session> session) {
  std::thread([](const std::shared_ptr<fw::Session>& s) { s->close(200); }, std::ref(session)).detach();
  // CHECK-NOTES: :[[@LINE-1]]:77: warning: original context 'session' passed by std::ref escapes into a detached std::thread; the context is reset or destroyed when the request ends: pass a copy of the std::shared_ptr 'session' instead: it keeps the request alive [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:96: note: the thread is detached here
}

// The raw pointer of a shared owner: the cure is the owner itself, named as written.
void passedRawPointer(const std::shared_ptr<fw::Session>& session) {
  std::thread([](fw::Session* s) { s->close(200); }, session.get()).detach();
  // CHECK-NOTES: :[[@LINE-1]]:54: warning: original context pointer 'session.get()' passed as an argument escapes into a detached std::thread; the context is reset or destroyed when the request ends: pass the std::shared_ptr 'session' itself instead: it keeps the request alive [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:69: note: the thread is detached here
}

// The cure: not reported.
void copied(const std::shared_ptr<fw::Session> session) {
  std::thread([session] { session->close(200); }).detach();
}

// A std::unique_ptr is no shared owner: its hint stays the move.
void uniqueOwner(std::unique_ptr<fw::Session>& session) {
  std::thread([&session] { session->close(200); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: original context 'session' captured by reference escapes into a detached std::thread; the context is reset or destroyed when the request ends: copy the values the thread needs into owning objects first [racelab-context-escape]
  // CHECK-NOTES: :[[@LINE-2]]:52: note: the thread is detached here
}
