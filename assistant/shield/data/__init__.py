"""The shipped shield model (model.npz, model.json), written by `broca shield train`."""
