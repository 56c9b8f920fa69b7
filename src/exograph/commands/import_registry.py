"""exograph import-registry FILE ... [--replace]: read ClinicalTrials.gov API v2 study JSON files (downloaded
by the user; nothing is fetched) into registry records: data/sources/<nct id>.yaml with the JSON beside it.
Every file is checked first; nothing is written unless all are good."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from exograph.commands._common import project

if TYPE_CHECKING:
    from exograph.errors import Problem
    from exograph.paths import ProjectPaths
    from exograph.records.registry import RegistryStudy


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", type=Path, help="ClinicalTrials.gov API v2 study JSON files")
    parser.add_argument("--replace", action="store_true",
                        help="update a registry record that exists already (a newer download of the same trial)")


def run(args: argparse.Namespace) -> int:
    from exograph.errors import RecordError
    from exograph.progress import progress

    paths = project(args)
    studies, problems = read_all(args.files)
    problems += duplicates(studies) + existing(studies, paths, args.replace) + invalid(studies, paths)
    if problems:
        raise RecordError(problems)
    for path in write_all(studies, paths):
        print(path)
    progress(f"wrote {len(studies)} registry record(s) in data/sources/; a study that reports one names it in "
             "registrations: [{registry: ClinicalTrials.gov, identifier: NCT..., at, quote}]")
    return 0


def read_all(files: list[Path]) -> tuple[list[RegistryStudy], list[Problem]]:
    from exograph.records.registry import read_registry_file

    studies: list[RegistryStudy] = []
    problems: list[Problem] = []
    for path in files:
        found, bad = read_registry_file(path, str(path))
        studies += found
        problems += bad
    return studies, problems


def duplicates(studies: list[RegistryStudy]) -> list[Problem]:
    """One NCT ID twice among the files: which record would be written is not for us to guess."""
    from exograph.errors import Problem

    first: dict[str, RegistryStudy] = {}
    problems = []
    for study in studies:
        if study.nct_id in first:
            problems.append(Problem(study.file, study.nct_id, "protocolSection.identificationModule.nctId",
                                    f"{study.nct_id} is also in {first[study.nct_id].file}; import each trial once",
                                    value=study.nct_id))
        first.setdefault(study.nct_id, study)
    return problems


def existing(studies: list[RegistryStudy], paths: ProjectPaths, replace: bool) -> list[Problem]:
    """A trial already recorded (by file name or by another source record's NCT ID) is kept unless --replace."""
    from exograph.errors import Problem
    from exograph.records.load import load_all

    by_nct = {}
    records, _ = load_all(sorted(paths.sources.glob("*.yaml")), paths.root)
    for loaded in records:
        nct = loaded.record.identifiers.nct
        if nct:
            by_nct[nct] = loaded
    problems = []
    for study in studies:
        other = by_nct.get(study.nct_id)
        target = paths.sources / f"{study.record_id}.yaml"
        if other is not None and other.path.resolve() != target.resolve():
            problems.append(Problem(study.file, study.nct_id, "protocolSection.identificationModule.nctId",
                                    f"{study.nct_id} is the NCT ID of source record {other.record.id!r} "
                                    f"({other.rel_path}); one trial has one registry record", value=study.nct_id))
        elif target.exists() and not replace:
            problems.append(Problem(study.file, study.nct_id, "protocolSection.identificationModule.nctId",
                                    f"{study.nct_id} is recorded already in data/sources/{target.name}; give --replace "
                                    "to update it from this file", value=study.nct_id))
    return problems


def invalid(studies: list[RegistryStudy], paths: ProjectPaths) -> list[Problem]:
    """Each record as the loader will read it: a value the record format refuses is named here, before
    anything is written."""
    from exograph.records.load import validate_record
    from exograph.errors import RecordError

    problems = []
    for study in studies:
        try:
            validate_record(study.record, "document", study.file)
        except RecordError as error:
            problems += error.problems
    return problems


def write_all(studies: list[RegistryStudy], paths: ProjectPaths) -> list[str]:
    """Every record and its JSON, each to a temporary file first, then all renamed into place."""
    import os
    import tempfile

    import yaml

    payloads: dict[Path, bytes] = {}
    for study in studies:
        header = (f"# {study.nct_id}: written by `exograph import-registry` from {Path(study.file).name} (ClinicalTrials.gov "
                  "API v2).\n# Every value is the registry's; to update, download the study again and import it with "
                  "--replace.\n")
        payloads[paths.sources / f"{study.record_id}.yaml"] = (header + yaml.safe_dump(study.record, sort_keys=False, allow_unicode=True, width=110)).encode("utf-8")
        payloads[paths.sources / study.record["text"]] = study.text
    from exograph.outputs import check_output

    for target in payloads:
        check_output(target)  # a folder, device or pipe where a record goes is refused before anything is written
    paths.sources.mkdir(parents=True, exist_ok=True)
    temps = {}
    try:
        for target, data in payloads.items():
            fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(temp, 0o644)
            temps[target] = Path(temp)
        for target, temp in temps.items():
            os.replace(temp, target)
    finally:
        for temp in temps.values():
            temp.unlink(missing_ok=True)
    return [str(target.relative_to(paths.root)) for target in payloads if target.suffix == ".yaml"]
