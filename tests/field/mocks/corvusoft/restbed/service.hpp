// Mock of restbed's service.hpp (https://github.com/Corvusoft/restbed, source/corvusoft/restbed/service.hpp),
// written for racelab's field corpus from restbed's documentation/API.md and public headers:
// only what the cases use, with restbed's namespace, names and signatures; bodies are trivial.
// Not restbed's code.
#pragma once
#include <chrono>
#include <functional>
#include <memory>

namespace restbed
{
    class Resource;
    class Settings;

    class Service
    {
        public:
            Service( void ) = default;
            virtual ~Service( void ) = default;

            void start( const std::shared_ptr< const Settings >& settings = nullptr ) { (void) settings; }
            void stop( void ) { }
            void publish( const std::shared_ptr< const Resource >& resource ) { (void) resource; }
            // Runs the task on the service's workers (once, or every interval).
            void schedule( const std::function< void ( void ) >& task, const std::chrono::milliseconds& interval = std::chrono::milliseconds::zero( ) )
            {
                (void) task, (void) interval;
            }

        private:
            Service( const Service& original ) = delete;
            Service& operator =( const Service& value ) = delete;
    };
}
