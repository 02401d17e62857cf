"""STAND-IN for tests: the part of ServiceBase the service uses."""

import logging
import tempfile


class ServiceBase:
    def __init__(self, config=None):
        self.config = dict(config or {})
        self.log = logging.getLogger("standin.service")
        self._working_directory = None

    @property
    def working_directory(self):
        if self._working_directory is None:
            self._working_directory = tempfile.mkdtemp(prefix="standin_al_")
        return self._working_directory

    def start(self):
        pass

    def execute(self, request):
        raise NotImplementedError
