// Mock of oatpp's core types (oatpp 1.3, oatpp/core/Types.hpp): oatpp::String and oatpp::Int64
// are shared, nullable wrappers. Written for racelab's field corpus; not oatpp's code.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

namespace oatpp
{
namespace data
{
namespace type
{
class String
{
  public:
    String() = default;
    String(std::nullptr_t) {}
    String(const char *str) : m_ptr(std::make_shared<std::string>(str)) {}
    String(const std::string &str) : m_ptr(std::make_shared<std::string>(str)) {}
    const std::string *operator->() const { return m_ptr.get(); }
    const std::string &operator*() const { return *m_ptr; }
    explicit operator bool() const { return m_ptr != nullptr; }
    operator std::string() const { return m_ptr ? *m_ptr : std::string(); }

  private:
    std::shared_ptr<std::string> m_ptr;
};

class Int64
{
  public:
    Int64() = default;
    Int64(std::int64_t v) : m_ptr(std::make_shared<std::int64_t>(v)) {}
    std::int64_t operator*() const { return *m_ptr; }

  private:
    std::shared_ptr<std::int64_t> m_ptr;
};
}  // namespace type
}  // namespace data

typedef data::type::String String;
typedef data::type::Int64 Int64;
}  // namespace oatpp
