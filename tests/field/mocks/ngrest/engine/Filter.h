// Mock of ngrest's engine/Filter.h (https://github.com/loentar/ngrest, core/engine/src/Filter.h), written for racelab's field
// corpus from ngrest's README, wiki and public headers: only what the cases use, with ngrest's
// namespace, names and signatures; bodies are trivial. Not ngrest's code.
#pragma once
#include <list>
#include <string>

namespace ngrest {

enum class Phase
{
    Header,
    PreDispatch,
    PostDispatch
};
struct MessageContext;

class Filter
{
public:
    virtual ~Filter() {}
    virtual const std::string& getName() const = 0;
    virtual const std::list<std::string>& getDependencies() const = 0;
    virtual void filter(Phase phase, MessageContext* context) = 0;
};

} // namespace ngrest
