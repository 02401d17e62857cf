#define BOOST_TEST_MODULE triage
#include <boost/test/unit_test.hpp>
