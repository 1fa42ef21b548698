import pytest


def pytest_addoption(parser):
    parser.addoption('--ejcluster', default='build/ejcluster', help='the ejcluster binary under test')


@pytest.fixture
def ejcluster(request):
    return request.config.getoption('--ejcluster')
