"""The OWL side of exograph: import-module extraction (`imports`) and reasoning (`reason`).

Heavy libraries (owlready2, pyhornedowl, SPARQLWrapper) are imported inside the functions that use them.
"""
