"""XML from outside (SKOS files, OAI-PMH answers of other catalogues) is data, never instructions:
a document type declaration, an entity or an external reference is refused before the real parser
(rdflib, lxml) reads the file. An entity-expansion file ("billion laughs") once kept the thesaurus
importer busy for minutes.

defusedxml runs expat over the bytes with a target that keeps nothing, and stops at the first
declaration it forbids: a legitimate file costs one fast pass, a hostile one is refused at once."""

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser, ParseError


class XmlRefused(ValueError):
    """The message is for the person, in French."""


class _KeepNothing:
    """An ElementTree target that builds no tree: only the declarations matter here."""

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        pass

    def end(self, tag: str) -> None:
        pass

    def data(self, text: str) -> None:
        pass

    def close(self) -> None:
        return None


def check_xml(data: bytes) -> None:
    """Raise XmlRefused if `data` (bytes) declares a document type, entities or external references.
    Syntax errors are left to the parser that reads the file: it reports them in its own words."""
    parser = DefusedXMLParser(target=_KeepNothing(), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    try:
        parser.feed(data)
        parser.close()
    except (DTDForbidden, EntitiesForbidden) as error:
        raise XmlRefused(
            "Le fichier XML contient une déclaration de type de document (DOCTYPE) ou d'entités : "
            "elle n'est pas acceptée, retirez-la."
        ) from error
    except ExternalReferenceForbidden as error:
        raise XmlRefused("Le fichier XML fait référence à une ressource externe : ce n'est pas accepté.") from error
    except ParseError:
        pass
