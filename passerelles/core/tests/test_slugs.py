import pytest
from django.core.exceptions import ValidationError

from passerelles.core.slugs import ReservedSlugValidator


def test_a_reserved_slug_is_refused_in_french_and_others_pass():
    validate = ReservedSlugValidator({"flux", "espace"})
    with pytest.raises(ValidationError) as refused:
        validate("flux")
    assert refused.value.messages == ["Cette adresse est réservée par le site : choisissez-en une autre."]
    validate("flux-de-la-ville")
