/** The {@code train} command of the training jar ({@link ipdnet2.train.cli.TrainCommand}). */
package ipdnet2.train.cli;
