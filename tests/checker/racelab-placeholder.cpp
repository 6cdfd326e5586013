// RUN: racelab-placeholder -- -std=c++20
namespace std {
class thread {
public:
  template <class F> explicit thread(F) {}
  void detach() {}
  void join() {}
};
} // namespace std

void detached() {
  std::thread t([] {});
  t.detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread detached here [racelab-placeholder]
}

void joined() {
  std::thread t([] {});
  t.join();
}
