// Mock of restbed's settings.hpp (https://github.com/Corvusoft/restbed, source/corvusoft/restbed/settings.hpp),
// written for racelab's field corpus from restbed's documentation/API.md and public headers:
// only what the cases use, with restbed's namespace, names and signatures; bodies are trivial.
// Not restbed's code.
#pragma once
#include <cstdint>

namespace restbed
{
    class Settings
    {
        public:
            void set_port( const std::uint16_t value ) { (void) value; }
            // The number of threads that run the service's handlers (one by default).
            void set_worker_limit( const unsigned int value ) { (void) value; }
    };
}
