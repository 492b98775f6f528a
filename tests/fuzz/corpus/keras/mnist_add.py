# MNIST digits in the exercises' style: model.add, a validation split, summary, categorical labels.
import keras
from keras import layers, models, optimizers

(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
x_train, x_test = x_train / 255, x_test / 255

model = models.Sequential(name="digits")
model.add(layers.Flatten(input_shape=(28, 28)))
model.add(layers.Dense(64, activation="relu"))
model.add(layers.Dense(10, activation="softmax"))
model.summary()

model.compile(optimizer=optimizers.RMSprop(learning_rate=0.001),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = model.fit(x_train, y_train, epochs=5, batch_size=32,
                    validation_split=0.1, verbose=2)
loss, acc = model.evaluate(x_test, y_test, verbose=0)
print("evaluated:", len([loss, acc]), "values")
