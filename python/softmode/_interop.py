"""Modes from ASE and OVITO objects, duck-typed: neither package is imported here."""

import numpy as np

from .errors import InvalidModeError


def _vector(arrays, vector, where):
    """The per-atom eigenvector `vector` from a mapping of per-atom arrays."""
    try:
        return np.asarray(arrays[vector], dtype=float)
    except KeyError:
        names = ", ".join(sorted(str(k) for k in arrays.keys()))
        raise InvalidModeError(
            f"{where}: no per-atom array '{vector}' (found: {names}); pass vector=NAME"
        ) from None


def ase_arrays(atoms, vector):
    """positions, species, box, e, omega2, masses, units, source of an ase.Atoms.

    omega2 and units ("lj" or "metal") are atoms.info["omega2"] and ["units"] if present.
    Masses are taken only when set explicitly as the per-atom array "masses" (ASE's
    element masses are not the simulation's)."""
    arrays = atoms.arrays
    return {
        "positions": atoms.get_positions(),
        "species": list(atoms.get_chemical_symbols()),
        "box": np.asarray(atoms.cell[:], dtype=float),
        "e": _vector(arrays, vector, "ase.Atoms"),
        "omega2": atoms.info.get("omega2"),
        "masses": arrays.get("masses"),
        "units": atoms.info.get("units"),
        "source": str(atoms.info.get("filename", "<ase.Atoms>")),
    }


def _ovito_species(particles):
    """Type names where OVITO has them, else the numeric type ids as labels."""
    types = particles.particle_types
    names = {t.id: t.name for t in getattr(types, "types", [])}
    return [names.get(int(k)) or str(int(k)) for k in np.asarray(types)]


def ovito_arrays(data, vector):
    """positions, species, box, e, omega2, masses, source of an OVITO DataCollection.

    The cell is OVITO's 3x4 matrix (three cell vectors and the origin as columns);
    positions are taken relative to the origin."""
    cell = np.asarray(data.cell, dtype=float)
    particles = data.particles
    return {
        "positions": np.asarray(particles.positions, dtype=float) - cell[:, 3],
        "species": _ovito_species(particles),
        "box": cell[:, :3].T,
        "e": _vector(particles, vector, "OVITO particles"),
        "omega2": data.attributes.get("omega2"),
        "masses": particles["Mass"] if "Mass" in particles.keys() else None,
        "source": "<ovito.DataCollection>",
    }


def from_ase(cls, atoms, vector="mode", types="", potential="3dipl"):
    """Mode.from_ase(atoms, vector="mode", types="", potential="3dipl"): an ase.Atoms with
    the eigenvector as the per-atom array `vector` and omega2 in atoms.info."""
    return cls(**ase_arrays(atoms, vector), types=types, potential=potential)


def from_ovito(cls, data, vector="mode", types="", potential="3dipl"):
    """Mode.from_ovito(data, vector="mode", types="", potential="3dipl"): an OVITO
    DataCollection with the eigenvector as the particle property `vector`."""
    return cls(**ovito_arrays(data, vector), types=types, potential=potential)
