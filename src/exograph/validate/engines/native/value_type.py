"""Value type constraint components (SHACL §4.1): sh:class, sh:datatype, sh:nodeKind."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from exograph.validate.engines.lexical import ill_typed
from exograph.validate.engines.native.model import ValueConstraint
from exograph.vocab import SH

if TYPE_CHECKING:
    from exograph.validate.engines.native.run import Run

NODE_KINDS: dict[URIRef, tuple[type, ...]] = {
    SH.IRI: (URIRef,), SH.BlankNode: (BNode,), SH.Literal: (Literal,),
    SH.BlankNodeOrIRI: (BNode, URIRef), SH.BlankNodeOrLiteral: (BNode, Literal), SH.IRIOrLiteral: (URIRef, Literal),
}


@dataclass
class ClassConstraint(ValueConstraint):
    """Each value node is a SHACL instance of the class in the data graph."""

    cls: Node
    shown: str
    component = SH.ClassConstraintComponent

    def accepts(self, run: Run, value: Node) -> bool:
        return not isinstance(value, Literal) and run.data.is_instance(value, self.cls)

    def message(self, value: Node) -> str:
        return f"value is not an instance of {self.shown}"


@dataclass
class DatatypeConstraint(ValueConstraint):
    """Each value node is a well-formed literal of the datatype."""

    datatype: URIRef
    shown: str
    component = SH.DatatypeConstraintComponent

    def accepts(self, run: Run, value: Node) -> bool:
        return has_datatype(value, self.datatype)

    def message(self, value: Node) -> str:
        return f"value is not a well-formed literal of datatype {self.shown}"


def has_datatype(value: Node, datatype: URIRef) -> bool:
    if not isinstance(value, Literal) or ill_typed(value):
        return False
    if value.language:
        return datatype == RDF.langString
    return (value.datatype or XSD.string) == datatype


@dataclass
class NodeKindConstraint(ValueConstraint):
    kind: URIRef
    shown: str
    component = SH.NodeKindConstraintComponent

    def accepts(self, run: Run, value: Node) -> bool:
        return isinstance(value, NODE_KINDS[self.kind])

    def message(self, value: Node) -> str:
        return f"value is not of node kind {self.shown}"
