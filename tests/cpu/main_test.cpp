#define BOOST_TEST_MODULE cpu
#include <boost/test/unit_test.hpp>
