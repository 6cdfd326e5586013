// Context::copy(): everything a request holds, deep-copied into one block that the copy owns.
#include "minigin/context_copy.h"
#include "minigin/context.h"

#include <cstring>
#include <new>

namespace minigin {

namespace {

// The block is [keys][fields][characters]; a key and a field need no more than new's alignment.
static_assert(alignof(detail::CopiedKey) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__);
static_assert(sizeof(detail::CopiedKey) % alignof(Field) == 0);

// Fills the fields and characters parts of the block, front to back.
struct BlockWriter {
  Field* fields;
  char* chars;

  std::string_view put(std::string_view s) {
    if (!s.empty())
      std::memcpy(chars, s.data(), s.size());
    std::string_view copied(chars, s.size());
    chars += s.size();
    return copied;
  }
  std::span<const Field> put(std::span<const Field> list) {
    Field* first = fields;
    for (const Field& f : list)
      *fields++ = Field{put(f.key), put(f.value)};
    return std::span<const Field>(first, list.size());
  }
};

} // namespace

ContextCopy Context::copy() const {
  // Make sure the lazily parsed parts exist, so the copy can be immutable (and so shareable).
  check_guard_and_parse(detail::Part::Query, "copy");
  check_guard_and_parse(detail::Part::Form, "copy");

  const detail::FieldsView& v = view_;
  const std::span<const Field> lists[] = {v.headers, v.params, v.query, v.form};
  std::size_t nfields = 0, nchars = 0;
  for (auto list : lists) {
    nfields += list.size();
    for (const Field& f : list)
      nchars += f.key.size() + f.value.size();
  }
  for (std::string_view s : {v.method, v.path, v.full_path, v.raw_query, v.body, v.client_ip})
    nchars += s.size();
  for (const auto& [k, val] : keys_)
    nchars += k.size();
  const std::size_t key_bytes = keys_.size() * sizeof(ContextCopy::Key);
  const std::size_t field_bytes = nfields * sizeof(Field);

  ContextCopy out;
  out.generation_ = generation();
  if (key_bytes + field_bytes + nchars == 0)
    return out;
  std::byte* block = new std::byte[key_bytes + field_bytes + nchars];
  auto* keys = reinterpret_cast<ContextCopy::Key*>(block);
  out.block_ = std::unique_ptr<std::byte[], ContextCopy::BlockDeleter>(
      block, ContextCopy::BlockDeleter{0, keys});
  BlockWriter w{reinterpret_cast<Field*>(block + key_bytes),
                reinterpret_cast<char*>(block + key_bytes + field_bytes)};

  // Keys: constructed in place, counted in the deleter as they are, so a throwing std::any copy
  // destroys exactly the ones already built.
  for (const auto& [k, val] : keys_) {
    new (&keys[out.block_.get_deleter().keys]) ContextCopy::Key{w.put(k), val};
    ++out.block_.get_deleter().keys;
  }
  out.keys_ = std::span<ContextCopy::Key>(keys, keys_.size());
  out.view_.headers = w.put(v.headers);
  out.view_.params = w.put(v.params);
  out.view_.query = w.put(v.query);
  out.view_.form = w.put(v.form);
  out.view_.method = w.put(v.method);
  out.view_.path = w.put(v.path);
  out.view_.full_path = w.put(v.full_path);
  out.view_.raw_query = w.put(v.raw_query);
  out.view_.body = w.put(v.body);
  out.view_.client_ip = w.put(v.client_ip);
  return out;
}

void detail::CopyBlockDeleter::operator()(std::byte* block) const noexcept {
  for (std::size_t i = 0; i < keys; ++i)
    first_key[i].~CopiedKey();
  delete[] block;
}

const std::any* ContextCopy::find_key(std::string_view name) const noexcept {
  for (const Key& k : keys_)
    if (k.name == name)
      return &k.value;
  return nullptr;
}

} // namespace minigin
