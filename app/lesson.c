/* lesson.c — the built-in lessons, their directives, and the progress file. */
#include "lesson.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lang.h"

/* ---- the lessons -------------------------------------------------------------------------------- */

/* One scene per lesson, in the course's order, with a few pages each: enough to build and test
 * the scenes before the lesson files take over. */
static const lesson_def lessons_fr[] = {
    { "Le neurone",
      "neuron",
      "",
      3,
      {
          "Un neurone biologique reçoit des signaux par ses dendrites, les combine dans son corps "
          "cellulaire et envoie le résultat par son axone.\n\n"
          "Le neurone artificiel fait de même avec des nombres : chaque entrée x est multipliée par "
          "un poids w, on ajoute un biais b, et on obtient la somme pondérée\n\n"
          "z = x1·w1 + x2·w2 + x3·w3 + b",
          "La sortie est f(z), où f est la fonction d'activation :\n\n"
          "sortie = f(entrée·poids + biais)\n\n"
          "Essayez : bougez les curseurs des entrées et des poids, et regardez z et f(z) changer. "
          "Un poids négatif (orange) inverse l'effet de son entrée.",
          "Pourquoi une activation ? Sans elle, un réseau, même très grand, ne calculerait qu'une "
          "somme pondérée : une droite. La fonction f « plie » cette droite.\n\n"
          "Comparez sigmoid, tanh et relu : le point sur la courbe montre f(z) pour votre neurone.",
      } },
    { "Le réseau et ses couches",
      "network",
      "model=course",
      3,
      {
          "Un réseau range les neurones en couches. La couche d'entrée reçoit les données, les "
          "couches cachées les transforment, la couche de sortie donne la réponse.\n\n"
          "L'exemple du cours : 3 entrées, 4 neurones cachés, 2 sorties. Chaque neurone est relié à "
          "tous ceux de la couche suivante : c'est une couche Dense.",
          "Les liens bleus sont des poids positifs, les liens orange des poids négatifs ; leur "
          "épaisseur dit leur force. La couleur d'un neurone montre son activation pour "
          "l'échantillon choisi.\n\n"
          "Passez la souris sur un neurone ou sur un lien pour lire sa valeur.",
          "Propagation avant : les entrées traversent le réseau couche après couche. Cliquez sur "
          "« Propager » pour la voir pas à pas.\n\n"
          "Choisissez le modèle MNIST : ses 784 entrées, une par pixel, sont résumées par quelques "
          "neurones et des points de suspension.",
      } },
    { "L'apprentissage profond",
      "training",
      "dataset=spiral; layers=8,8,6; activation=tanh",
      3,
      {
          "« Profond » veut dire : beaucoup de couches. Chaque couche construit, sur ce que la "
          "précédente a trouvé, des formes plus complexes.\n\n"
          "La spirale est difficile pour une seule couche cachée ; avec plusieurs couches, la "
          "frontière de décision s'enroule autour des points.",
          "Appuyez sur Lecture (ou sur la barre d'espace) : le réseau s'entraîne, la carte de "
          "décision se redessine et les courbes de perte descendent.\n\n"
          "Bleu et orange sont les deux classes. Le fond montre ce que le modèle prédit en chaque "
          "point du plan.",
          "Essayez : retirez des couches, changez l'activation, le taux d'apprentissage "
          "(learning_rate) ou la taille des lots (batch_size), puis recommencez. Qu'est-ce qui "
          "apprend le plus vite ?",
      } },
    { "La fonction de perte",
      "loss",
      "",
      3,
      {
          "La fonction de perte mesure l'écart entre la prédiction et la bonne réponse. "
          "L'entraînement cherche les poids qui la rendent aussi petite que possible.\n\n"
          "À droite : l'entropie croisée punit très fort une prédiction sûre d'elle et fausse ; "
          "l'erreur quadratique (MSE) est plus douce.",
          "On mesure la perte sur les données d'entraînement, mais aussi sur des données de "
          "validation que le modèle ne voit jamais.\n\n"
          "Au début, les deux baissent. Puis la perte de validation remonte : le modèle apprend par "
          "cœur le bruit des exemples. C'est le sur-apprentissage.",
          "La bonne époque pour s'arrêter est celle où la perte de validation est la plus basse "
          "(la ligne pointillée). Keras sait le faire seul, avec le rappel EarlyStopping.",
      } },
    { "GPU contre CPU",
      "race",
      "",
      3,
      {
          "Entraîner, c'est répéter la même opération f(entrée·poids + biais) sur un très grand "
          "nombre d'exemples.\n\n"
          "Un processeur (CPU) a quelques cœurs rapides. Une carte graphique (GPU) a des milliers de "
          "petits cœurs qui calculent en parallèle.",
          "Ici, le même modèle s'entraîne deux fois en même temps sur les mêmes données : une fois "
          "sur le moteur CPU, une fois sur le moteur Vulkan (GPU). Comparez les exemples par seconde "
          "et le temps par époque.",
          "Le balayage fait varier la taille des lots et la largeur des couches : sur de petits "
          "calculs le CPU gagne ; quand les matrices grossissent, le GPU passe devant.\n\n"
          "Attention : si le « GPU » est lavapipe, c'est un processeur qui imite une carte "
          "graphique, et la course ne dit rien d'un vrai GPU.",
      } },
    { "Un vrai exemple : Fashion-MNIST",
      "images",
      "dataset=fashion_mnist; tabs=samples,predictions,draw",
      3,
      {
          "Fashion-MNIST : 60 000 images d'entraînement et 10 000 de test, de 28×28 pixels en "
          "niveaux de gris, réparties en 10 classes de vêtements.\n\n"
          "On divise les pixels par 255 pour les ramener entre 0 et 1.",
          "Le modèle du cours : Flatten (784 entrées), Dense(128, relu), Dense(10). On l'entraîne "
          "avec Adam et l'entropie croisée. Appuyez sur Lecture pour l'entraîner.",
          "Chaque image de test avec sa classe prédite et sa confiance : en bleu si c'est juste, "
          "en rouge si c'est faux, avec les 10 probabilités en barres.\n\n"
          "Dans l'onglet Dessiner, tracez un chiffre à la souris (modèle MNIST) et regardez la "
          "prédiction et les activations changer.",
      } },
};

static const lesson_def lessons_en[] = {
    { "The neuron", "neuron", "", 3, {
        "A biological neuron receives signals through its dendrites, combines them in its cell "
        "body and sends the result along its axon.\n\n"
        "An artificial neuron does the same with numbers: each input x is multiplied by a weight "
        "w, a bias b is added, and that gives the weighted sum\n\n"
        "z = x1·w1 + x2·w2 + x3·w3 + b",
        "The output is f(z), where f is the activation function:\n\n"
        "output = f(input·weights + bias)\n\n"
        "Try it: move the input and weight sliders and watch z and f(z) change. A negative "
        "(orange) weight reverses the effect of its input.",
        "Why an activation? Without one, a network, however large, would only compute a weighted "
        "sum: a straight line. The function f \"bends\" that line.\n\n"
        "Compare sigmoid, tanh and relu: the dot on the curve shows f(z) for your neuron.",
    } },
    { "The network and its layers", "network", "model=course", 3, {
        "A network arranges neurons in layers. The input layer receives the data, the hidden "
        "layers transform it, and the output layer gives the answer.\n\n"
        "The course's example: 3 inputs, 4 hidden neurons, 2 outputs. Each neuron is connected to "
        "every neuron of the next layer: that is a Dense layer.",
        "Blue links are positive weights, orange links negative ones; their thickness shows their "
        "strength. A neuron's colour shows its activation for the chosen sample.\n\n"
        "Hover over a neuron or a link to read its value.",
        "Forward pass: the inputs travel through the network one layer after another. Click "
        "\"Forward\" to watch it step by step.\n\n"
        "Choose the MNIST model: its 784 inputs, one per pixel, are summed up by a few neurons "
        "and an ellipsis.",
    } },
    { "Deep learning", "training", "dataset=spiral; layers=8,8,6; activation=tanh", 3, {
        "\"Deep\" means: many layers. Each layer builds more complex shapes on what the previous "
        "one found.\n\n"
        "The spiral is hard for a single hidden layer; with several layers, the decision boundary "
        "winds around the points.",
        "Press Play (or the space bar): the network trains, the decision map redraws and the loss "
        "curves go down.\n\n"
        "Blue and orange are the two classes. The background shows what the model predicts at "
        "each point of the plane.",
        "Try it: remove layers, change the activation, the learning rate or the batch size, then "
        "start again. What learns fastest?",
    } },
    { "The loss function", "loss", "", 3, {
        "The loss function measures the gap between the prediction and the right answer. "
        "Training looks for the weights that make it as small as possible.\n\n"
        "On the right: cross-entropy punishes a confident wrong prediction very hard; the mean "
        "squared error (MSE) is gentler.",
        "The loss is measured on the training data, and also on validation data that the model "
        "never sees.\n\n"
        "At first both go down. Then the validation loss rises again: the model learns the noise "
        "of the examples by heart. That is over-fitting.",
        "The right epoch to stop is the one where the validation loss is lowest (the dashed "
        "line). Keras can do it by itself, with the EarlyStopping callback.",
    } },
    { "GPU vs CPU", "race", "", 3, {
        "Training means repeating the same operation, f(input·weights + bias), over a very large "
        "number of examples.\n\n"
        "A processor (CPU) has a few fast cores. A graphics card (GPU) has thousands of small "
        "cores computing in parallel.",
        "Here the same model trains twice at once on the same data: once on the CPU engine, once "
        "on the Vulkan (GPU) engine. Compare the samples per second and the time per epoch.",
        "The sweep varies the batch size and the width of the layers: on small computations the "
        "CPU wins; as the matrices grow, the GPU takes the lead.\n\n"
        "Beware: if the \"GPU\" is lavapipe, it is a processor imitating a graphics card, and "
        "the race says nothing about a real GPU.",
    } },
    { "A real example: Fashion-MNIST", "images", "dataset=fashion_mnist; tabs=samples,predictions,draw", 3, {
        "Fashion-MNIST: 60,000 training and 10,000 test images of 28×28 grey pixels, in 10 "
        "classes of clothing.\n\n"
        "The pixels are divided by 255 to bring them between 0 and 1.",
        "The course's model: Flatten (784 inputs), Dense(128, relu), Dense(10). It is trained "
        "with Adam and cross-entropy. Press Play to train it.",
        "Each test image with its predicted class and confidence: blue when right, red when "
        "wrong, with the 10 probabilities as bars.\n\n"
        "In the Draw tab, draw a digit with the mouse (MNIST model) and watch the prediction and "
        "the activations change.",
    } },
};

int lesson_count(void)
{
    return (int)(sizeof lessons_fr / sizeof lessons_fr[0]);
}

const lesson_def *lesson_get(int i)
{
    if (i < 0 || i >= lesson_count())
        return NULL;
    return lang_current() == LANG_EN ? &lessons_en[i] : &lessons_fr[i];
}

/* ---- directives --------------------------------------------------------------------------------- */

/* Copies s[0..n) trimmed of spaces into out (size cap). */
static void copy_trimmed(char *out, size_t cap, const char *s, size_t n)
{
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n >= cap)
        n = cap - 1;
    memcpy(out, s, n);
    out[n] = 0;
}

int lesson_directive(const char *directives, const char *key, char *out, size_t n)
{
    if (n == 0)
        return 0;
    out[0] = 0;
    if (!directives)
        return 0;
    const char *p = directives;
    while (*p) {
        const char *end = strchr(p, ';');
        if (!end)
            end = p + strlen(p);
        const char *eq = memchr(p, '=', (size_t)(end - p));
        if (eq) {
            char k[64];
            copy_trimmed(k, sizeof k, p, (size_t)(eq - p));
            if (strcmp(k, key) == 0) {
                copy_trimmed(out, n, eq + 1, (size_t)(end - eq - 1));
                return 1;
            }
        }
        p = *end ? end + 1 : end;
    }
    return 0;
}

/* ---- progress ----------------------------------------------------------------------------------- */

static int config_dir(char *buf, size_t n)
{
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    int len;
    /* the XDG spec: a relative XDG_CONFIG_HOME is invalid and must be ignored */
    if (xdg && xdg[0] == '/')
        len = snprintf(buf, n, "%s/neurone", xdg);
    else if (home && *home)
        len = snprintf(buf, n, "%s/.config/neurone", home);
    else
        return -1;
    return len > 0 && (size_t)len < n ? 0 : -1;
}

int lesson_progress_path(char *buf, size_t n)
{
    char dir[4096];
    if (config_dir(dir, sizeof dir) < 0)
        return -1;
    int len = snprintf(buf, n, "%s/progress", dir);
    return len > 0 && (size_t)len < n ? 0 : -1;
}

int lesson_progress_load(lesson_progress *p)
{
    *p = (lesson_progress){ 0 };
    char path[4200];
    if (lesson_progress_path(path, sizeof path) < 0)
        return -1;
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[256];
    while (fgets(line, sizeof line, f)) {
        int v;
        unsigned u;
        if (sscanf(line, "lesson=%d", &v) == 1)
            p->lesson = v - 1;
        else if (sscanf(line, "page=%d", &v) == 1)
            p->page = v - 1;
        else if (sscanf(line, "visited=%x", &u) == 1)
            p->visited = u;
    }
    fclose(f);
    /* a file from another version with more or fewer lessons: stay within what exists */
    if (p->lesson < 0 || p->lesson >= lesson_count())
        p->lesson = 0;
    if (p->page < 0 || p->page >= LESSON_MAX_PAGES)
        p->page = 0;
    return 0;
}

/* mkdir -p for the config folder: its parent (~/.config) may not exist on a fresh account. */
static int make_dirs(char *path)
{
    for (char *s = path + 1; *s; s++)
        if (*s == '/') {
            *s = 0;
            int rc = mkdir(path, 0755);
            *s = '/';
            if (rc < 0 && errno != EEXIST)
                return -1;
        }
    return mkdir(path, 0755) < 0 && errno != EEXIST ? -1 : 0;
}

int lesson_progress_save(const lesson_progress *p)
{
    char dir[4096], path[4200], tmp[4300];
    if (config_dir(dir, sizeof dir) < 0) {
        errno = ENOENT;
        return -1;
    }
    if (make_dirs(dir) < 0)
        return -1;
    snprintf(path, sizeof path, "%s/progress", dir);
    snprintf(tmp, sizeof tmp, "%s/.progress.%ld.tmp", dir, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f)
        return -1;
    fprintf(f, "# Neurone: where the student stands in the lessons (written by the app)\n"
               "lesson=%d\npage=%d\nvisited=%x\n", p->lesson + 1, p->page + 1, p->visited);
    /* the data reaches the disk before the rename makes it the progress file: a crash leaves
     * either the old file or the new one, never half of one */
    int rc = fflush(f) == 0 && fsync(fileno(f)) == 0 ? 0 : -1;
    if (fclose(f) != 0)
        rc = -1;
    if (rc == 0 && rename(tmp, path) < 0)
        rc = -1;
    if (rc < 0) {
        int e = errno;
        unlink(tmp);
        errno = e;
    }
    return rc;
}
