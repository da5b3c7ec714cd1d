"""Helpers shared by the tests of every app: browser journeys, the second factor, threads against
the test database, real PDFs, the search index, the shipped reference data. Only tests import it."""
