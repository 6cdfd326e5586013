// A stand-in for minigin's Context with the same shape (the checker never sees the real one in
// these tests, so they stay fast and independent of the framework).
#pragma once
#include <any>
#include <cstdint>
#include <string>
#include <string_view>

namespace minigin {

namespace detail {
// As in minigin, the read API lives in a CRTP base shared by Context and ContextCopy.
template <class Derived> class RequestReader {
public:
  std::string_view query(std::string_view key) const;
  std::string_view param(std::string_view key) const;
  std::string_view path() const;
  std::string_view get_header(std::string_view key) const;
  std::string_view body() const;
  const std::any* get(std::string_view key) const;
};
} // namespace detail

class ContextCopy : public detail::RequestReader<ContextCopy> {};

class Context : public detail::RequestReader<Context> {
public:
  Context(const Context&) = delete;
  void set(std::string key, std::any value);
  void string(int code, std::string_view body);
  std::uint64_t generation() const;
  ContextCopy copy() const;
};

} // namespace minigin
