#include "shard.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <regex>
#include <stdexcept>

namespace racelab {

namespace {

// A file's cost: its size in bytes (a stand-in for the time clang-tidy spends on it); 1 when it
// cannot be read, so that an unreadable file still counts.
std::uint64_t cost(const std::string& file) {
  struct stat st;
  return stat(file.c_str(), &st) == 0 ? std::uint64_t(st.st_size) + 1 : 1;
}

} // namespace

Shard parse_shard(const std::string& spec) {
  if (spec.empty())
    return {};
  static const std::regex re(R"((\d{1,6})/(\d{1,6}))");
  std::smatch m;
  if (!std::regex_match(spec, m, re))
    throw std::invalid_argument("--shard takes K/N, such as 2/3, not " + spec);
  Shard s{std::stoi(m[1]), std::stoi(m[2])};
  if (s.index < 1 || s.index > s.count)
    throw std::invalid_argument("--shard " + spec + ": K must be between 1 and N");
  return s;
}

std::vector<std::string> shard_files(const std::vector<std::string>& files, Shard shard) {
  if (shard.count <= 1)
    return files;
  std::vector<std::pair<std::uint64_t, std::size_t>> order; // (cost, index in files)
  for (std::size_t i = 0; i < files.size(); ++i)
    order.emplace_back(cost(files[i]), i);
  std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : files[a.second] < files[b.second];
  });
  std::vector<std::uint64_t> load(std::size_t(shard.count), 0);
  std::vector<bool> mine(files.size(), false);
  for (const auto& [bytes, i] : order) {
    auto lightest = std::min_element(load.begin(), load.end()) - load.begin();
    load[std::size_t(lightest)] += bytes;
    mine[i] = lightest == shard.index - 1;
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < files.size(); ++i)
    if (mine[i])
      out.push_back(files[i]);
  return out;
}

} // namespace racelab
