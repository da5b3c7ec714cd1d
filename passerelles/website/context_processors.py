from django.core.cache import cache

from .models import DemoDataset

DEMO_CACHE_KEY = "passerelles:demo-present"


def demo_present():
    return cache.get_or_set(DEMO_CACHE_KEY, DemoDataset.objects.exists, 60)


def demo(request):
    """Whether demo data is loaded: the base template then shows its banner on every page."""
    return {"demo_present": demo_present()}
